//! `/offline/activate` and `/offline/deactivate`: upload a request file made by
//! `keyport-activate` (file picker, drag and drop, or pasted text), see what it asks for,
//! confirm, and download the signed answer.
//!
//! Both steps are plain form posts to server routes (`server/src/offline_upload.rs`), so they
//! work before the WASM loads and without it: the upload redirects back here with
//! `?review=<id>`, a refusal with `?error=`. Hydrated, the upload goes by XMLHttpRequest
//! (`drop`): a dropped file is sent at once, progress and refusals show in place.

#[cfg(feature = "hydrate")]
mod drop;
mod review;

use crate::dto::CurrentUser;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The two pages' differences.
#[derive(Clone, Copy)]
struct Kind {
    deactivation: bool,
    title: &'static str,
    intro: &'static str,
    page: &'static str,
    action: &'static str,
    file_label: &'static str,
    confirm: &'static str,
    after: &'static str,
}

const ACTIVATION: Kind = Kind {
    deactivation: false,
    title: "Offline activation",
    intro: "Activate a machine that has no internet access. On the machine, run `keyport-activate offline-request`, bring the request file here, check what it asks for, and take the response file back to the machine (`keyport-activate offline-apply`).",
    page: "/offline/activate",
    action: "/offline/upload/activation",
    file_label: "Activation request file",
    confirm: "Activate and download the response",
    after: "Your browser downloads the signed response file. On the machine, run `keyport-activate offline-apply` with it.",
};

const DEACTIVATION: Kind = Kind {
    deactivation: true,
    title: "Offline deactivation",
    intro: "Free the seat of a machine that has no internet access. On the machine, run `keyport-activate offline-deactivate`, bring the deactivation request here, check it, and download the signed receipt.",
    page: "/offline/deactivate",
    action: "/offline/upload/deactivation",
    file_label: "Deactivation request file",
    confirm: "Deactivate and download the receipt",
    after: "The seat is free once you confirm; your browser downloads the signed receipt to keep.",
};

/// Offline activation.
#[component]
pub fn OfflineActivatePage() -> impl IntoView {
    let allowed = use_context::<CurrentUser>().is_some_and(|u| u.can_offline_activate);
    view! { <Page kind=ACTIVATION allowed /> }
}

/// Offline deactivation.
#[component]
pub fn OfflineDeactivatePage() -> impl IntoView {
    let allowed = use_context::<CurrentUser>().is_some_and(|u| u.can_offline_deactivate);
    view! { <Page kind=DEACTIVATION allowed /> }
}

#[component]
fn Page(kind: Kind, allowed: bool) -> impl IntoView {
    let query = use_query_map();
    let error = Memo::new(move |_| query.read().get("error"));
    let reviewing = Memo::new(move |_| query.read().get("review"));
    if !allowed {
        return view! {
            <Title text=kind.title />
            <h1>{kind.title}</h1>
            <p role="alert" class="error">"You do not have access to this page."</p>
        }
        .into_any();
    }
    view! {
        <Title text=kind.title />
        <h1>{kind.title}</h1>
        {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        {move || match reviewing.get() {
            Some(id) => view! { <review::Review kind id /> }.into_any(),
            None => view! { <UploadForm kind /> }.into_any(),
        }}
    }
    .into_any()
}

/// Step 1: the file (picker or drop) or its pasted text.
#[component]
fn UploadForm(kind: Kind) -> impl IntoView {
    let percent = RwSignal::new(None::<u32>);
    let refusal = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let navigate = leptos_router::hooks::use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        drop::send(ev, kind, percent, refusal, navigate.clone());
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, percent, refusal);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        drop::dropped(ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        // Accepting the drag is what lets the drop land here rather than open the file.
        ev.prevent_default();
        dragging.set(true);
    };
    view! {
        <p>{kind.intro}</p>
        <form method="post" action=kind.action enctype="multipart/form-data" aria-label=kind.title on:submit=on_submit>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="drop-zone"
                on:dragover=on_dragover
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for="offline-file">{kind.file_label}</label>
                <input id="offline-file" type="file" name="file" accept=".txt,text/plain" />
                <p class="hint">"Choose the file, or drop it here."</p>
            </div>
            <p>
                <label for="offline-text">"Or paste the text of the file"</label>
                <textarea id="offline-text" name="text" rows="10" cols="70" spellcheck="false"></textarea>
            </p>
            <button type="submit">"Check the file"</button>
            {move || percent.get().map(|p| view! {
                <progress max="100" value=p.to_string() aria-label="Upload progress" data-testid="offline-progress">
                    {format!("{p}%")}
                </progress>
            })}
            <p role="alert" class="error" data-testid="offline-refusal" hidden=move || refusal.get().is_none()>
                {move || refusal.get()}
            </p>
        </form>
    }
}
