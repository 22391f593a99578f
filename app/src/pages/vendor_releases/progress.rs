//! The hydrated upload: the same multipart form, sent by `XMLHttpRequest` because `fetch`
//! reports no upload progress. The server answers JSON when asked (`Accept`), so the page stays
//! put, shows the sentence in the live region and reloads the list.

use leptos::{ev::SubmitEvent, prelude::*};
use serde::Deserialize;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};

/// The upload route's JSON answer.
#[derive(Deserialize)]
struct Answer {
    message: String,
}

/// Sends the submitted form with progress; leaves the event alone (a plain post) when the
/// browser cannot, so the form still works.
pub fn send(
    ev: SubmitEvent,
    percent: RwSignal<Option<u32>>,
    status: RwSignal<String>,
    on_done: impl Fn() + 'static,
) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let (Ok(data), Ok(xhr)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else {
        return;
    };
    if xhr.open("POST", &form.action()).is_err()
        || xhr
            .set_request_header("Accept", "application/json")
            .is_err()
    {
        return;
    }
    ev.prevent_default();
    percent.set(Some(0));
    status.set("Uploading…".into());

    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            let p = (e.loaded() / e.total() * 100.0).clamp(0.0, 100.0) as u32;
            percent.set(Some(p));
            status.set(format!("Uploading… {p}%"));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let answered = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let ok = answered.status().is_ok_and(|s| s == 200);
        let message = answered
            .response_text()
            .ok()
            .flatten()
            .and_then(|body| serde_json::from_str::<Answer>(&body).ok())
            .map(|a| a.message)
            .unwrap_or_else(|| "The upload failed; nothing was published.".into());
        status.set(message);
        if ok {
            percent.set(Some(100));
            form.reset();
            on_done();
        } else {
            percent.set(None);
        }
    });
    let on_error = Closure::<dyn FnMut()>::new(move || {
        percent.set(None);
        status.set("The upload was interrupted; nothing was published.".into());
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        percent.set(None);
        status.set("The upload could not start.".into());
    }
    // The request owns its handlers until it ends; one small leak per upload.
    on_progress.forget();
    on_load.forget();
    on_error.forget();
}
