//! Sending a multipart form by `XMLHttpRequest`, for the hydrated upload forms: `fetch`
//! reports no upload progress. The form's own `action` is the address, with
//! `Accept: application/json`, so the route answers JSON instead of redirecting and the page
//! stays put. Without the WASM the same forms are plain posts.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};

/// How a request ended.
pub enum Outcome {
    /// The server answered: its status and body.
    Answered {
        /// HTTP status.
        status: u16,
        /// The body, when it could be read.
        body: Option<String>,
    },
    /// The connection failed before an answer.
    Interrupted,
}

/// Starts sending `form`; `percent` follows the upload and `on_end` gets the outcome. Returns
/// false when the browser cannot send it this way (the caller then lets the form post).
pub fn send(
    form: &HtmlFormElement,
    percent: RwSignal<Option<u32>>,
    on_end: impl Fn(Outcome) + 'static,
) -> bool {
    let (Ok(data), Ok(xhr)) = (FormData::new_with_form(form), XmlHttpRequest::new()) else {
        return false;
    };
    if xhr.open("POST", &form.action()).is_err()
        || xhr
            .set_request_header("Accept", "application/json")
            .is_err()
    {
        return false;
    }
    percent.set(Some(0));
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            percent.set(Some(
                (e.loaded() / e.total() * 100.0).clamp(0.0, 100.0) as u32
            ));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let on_end = std::rc::Rc::new(on_end);
    let answered = xhr.clone();
    let end = on_end.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        end(Outcome::Answered {
            status: answered.status().unwrap_or_default(),
            body: answered.response_text().ok().flatten(),
        });
    });
    let end = on_end.clone();
    let on_error = Closure::<dyn FnMut()>::new(move || end(Outcome::Interrupted));
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        percent.set(None);
        return false;
    }
    // The request owns its handlers until it ends; one small leak per upload.
    on_progress.forget();
    on_load.forget();
    on_error.forget();
    true
}
