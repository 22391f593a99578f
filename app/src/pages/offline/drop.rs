//! The hydrated upload: a dropped file goes into the form's file input and the form is sent
//! at once; the form goes by XMLHttpRequest (`components::xhr_form`) so the page shows
//! progress and a refusal in place, and moves to the review when the file is accepted.

use super::Kind;
use crate::components::xhr_form::{self, Outcome};
use leptos::{
    ev::{DragEvent, SubmitEvent},
    prelude::*,
};
use leptos_router::NavigateOptions;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use web_sys::{HtmlFormElement, HtmlInputElement};

/// The upload route's JSON answer: a review id, or the reason for a refusal.
#[derive(Deserialize)]
struct Answer {
    review: Option<String>,
    message: Option<String>,
}

/// A file dropped on the drop zone: it becomes the form's file and the form is submitted.
pub fn dropped(ev: DragEvent) {
    let Some(files) = ev.data_transfer().and_then(|d| d.files()) else {
        return;
    };
    if files.length() == 0 {
        return;
    }
    ev.prevent_default();
    let input = document()
        .get_element_by_id("offline-file")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
    if let Some(input) = input {
        input.set_files(Some(&files));
        if let Some(form) = input.form() {
            // Through the submit event, so the send below handles it like a click.
            let _ = form.request_submit();
        }
    }
}

/// Sends the submitted form; leaves the event alone (a plain post) when the browser cannot.
pub fn send(
    ev: SubmitEvent,
    kind: Kind,
    percent: RwSignal<Option<u32>>,
    refusal: RwSignal<Option<String>>,
    navigate: impl Fn(&str, NavigateOptions) + 'static,
) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    refusal.set(None);
    let started = xhr_form::send(&form, percent, move |outcome| {
        percent.set(None);
        let answer = match outcome {
            Outcome::Answered { body, .. } => {
                body.and_then(|b| serde_json::from_slice::<Answer>(b.as_bytes()).ok())
            }
            Outcome::Interrupted => {
                refusal.set(Some(
                    "The upload was interrupted; nothing changed. Try again.".into(),
                ));
                return;
            }
        };
        match answer {
            Some(Answer {
                review: Some(id), ..
            }) => navigate(
                &format!("{}?review={id}", kind.page),
                NavigateOptions::default(),
            ),
            Some(Answer {
                message: Some(m), ..
            }) => refusal.set(Some(m)),
            _ => refusal.set(Some(
                "The file could not be checked; nothing changed.".into(),
            )),
        }
    });
    if started {
        ev.prevent_default();
    }
}
