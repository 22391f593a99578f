//! The hydrated upload: the same multipart form, sent by `XMLHttpRequest` with progress
//! (`components::xhr_form`); the page shows the route's sentence in the live region and
//! reloads the list.

use crate::components::xhr_form::{self, Outcome};
use leptos::{ev::SubmitEvent, prelude::*};
use serde::Deserialize;
use wasm_bindgen::JsCast;
use web_sys::HtmlFormElement;

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
    let sent = form.clone();
    let started = xhr_form::send(&form, percent, move |outcome| match outcome {
        Outcome::Answered { status: code, body } => {
            let message = body
                .and_then(|body| serde_json::from_slice::<Answer>(body.as_bytes()).ok())
                .map(|a| a.message)
                .unwrap_or_else(|| "The upload failed; nothing was published.".into());
            status.set(message);
            if code == 200 {
                percent.set(Some(100));
                sent.reset();
                on_done();
            } else {
                percent.set(None);
            }
        }
        Outcome::Interrupted => {
            percent.set(None);
            status.set("The upload was interrupted; nothing was published.".into());
        }
    });
    if started {
        ev.prevent_default();
        status.set("Uploading…".into());
    }
}
