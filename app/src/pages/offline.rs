//! `/offline/activate` and `/offline/deactivate`: upload a request file made by
//! `keyport-activate` (or paste its text) and download the signed answer.
//!
//! The form is a plain multipart POST to a server route (`server/src/offline_upload.rs`), so
//! it works before the WASM loads and without it; the answer is a file download, and a
//! refused file comes back here with its reason in `?error=`.

use crate::dto::CurrentUser;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Offline activation.
#[component]
pub fn OfflineActivatePage() -> impl IntoView {
    let allowed = use_context::<CurrentUser>().is_some_and(|u| u.can_offline_activate);
    view! {
        <Upload
            title="Offline activation"
            intro="Activate a machine that has no internet access. On the machine, run `keyport-activate offline-request`, bring the request file here, and take the response file back to the machine (`keyport-activate offline-apply`)."
            action="/offline/upload/activation"
            file_label="Activation request file"
            submit="Activate and download the response"
            allowed
        />
    }
}

/// Offline deactivation.
#[component]
pub fn OfflineDeactivatePage() -> impl IntoView {
    let allowed = use_context::<CurrentUser>().is_some_and(|u| u.can_offline_deactivate);
    view! {
        <Upload
            title="Offline deactivation"
            intro="Free the seat of a machine that has no internet access. On the machine, run `keyport-activate offline-deactivate`, and bring the deactivation request here. You get a signed receipt."
            action="/offline/upload/deactivation"
            file_label="Deactivation request file"
            submit="Deactivate and download the receipt"
            allowed
        />
    }
}

#[component]
fn Upload(
    title: &'static str,
    intro: &'static str,
    action: &'static str,
    file_label: &'static str,
    submit: &'static str,
    allowed: bool,
) -> impl IntoView {
    let query = use_query_map();
    let error = move || query.read().get("error");
    if !allowed {
        return view! {
            <Title text=title />
            <h1>{title}</h1>
            <p role="alert" class="error">"You do not have access to this page."</p>
        }
        .into_any();
    }
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p>{intro}</p>
        {move || error().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        <form method="post" action=action enctype="multipart/form-data" aria-label=title>
            <p>
                <label for="offline-file">{file_label}</label>
                <input id="offline-file" type="file" name="file" accept=".txt,text/plain" />
            </p>
            <p>
                <label for="offline-text">"Or paste the text of the file"</label>
                <textarea id="offline-text" name="text" rows="10" cols="70" spellcheck="false"></textarea>
            </p>
            <button type="submit">{submit}</button>
        </form>
    }
    .into_any()
}
