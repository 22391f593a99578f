//! `/offline/activate` and `/offline/deactivate`: four numbered steps for someone who has
//! never done it. Make the request file on the machine (in the vendor's application, which
//! embeds Keyport's SDK), upload it here (file picker, drag and drop, or pasted text), see what
//! it asks for and confirm, then download the signed answer from the page that says it is done
//! (`?done=<id>`), as often as needed while the upload is held.
//!
//! Both steps are plain form posts to server routes (`server/src/offline_upload.rs`), so they
//! work before the WASM loads and without it: the upload redirects back here with
//! `?review=<id>`, a refusal with `?error=`. Hydrated, the upload goes by XMLHttpRequest
//! (`drop`): a dropped file is sent at once, progress and refusals show in place.

#[cfg(feature = "hydrate")]
mod drop;
mod review;

use crate::{
    AppError,
    api::offline::get_offline_page,
    dto::{
        CurrentUser,
        offline::{OfflinePage, OfflineStep},
    },
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The two pages' differences.
#[derive(Clone, Copy)]
struct Kind {
    deactivation: bool,
    title: &'static str,
    intro: &'static str,
    /// What to do on the machine first.
    on_machine: &'static str,
    page: &'static str,
    action: &'static str,
    file_label: &'static str,
    confirm: &'static str,
    after: &'static str,
    /// The done page's heading and its download button.
    done: &'static str,
    download: &'static str,
}

const ACTIVATION: Kind = Kind {
    deactivation: false,
    title: "Offline activation",
    intro: "Activate a machine that has no internet access, in four steps.",
    on_machine: "On the machine, open the application and choose Offline activation. Save the request file it makes, and bring it to this computer (a USB stick will do).",
    page: "/offline/activate",
    action: "/offline/upload/activation",
    file_label: "Activation request file",
    confirm: "Activate the machine",
    after: "Next you download the response file for the machine.",
    done: "The machine is activated",
    download: "Download the response file",
};

const DEACTIVATION: Kind = Kind {
    deactivation: true,
    title: "Offline deactivation",
    intro: "Free the seat of a machine that has no internet access, in four steps.",
    on_machine: "On the machine, open the application and choose Offline deactivation. Save the deactivation file it makes, and bring it to this computer.",
    page: "/offline/deactivate",
    action: "/offline/upload/deactivation",
    file_label: "Deactivation request file",
    confirm: "Free the seat",
    after: "The seat is free once you confirm; next you download a signed receipt to keep.",
    done: "The seat is free",
    download: "Download the receipt",
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
    let done = Memo::new(move |_| query.read().get("done"));
    if !allowed {
        return view! {
            <Title text=kind.title />
            <h1>{kind.title}</h1>
            <p role="alert" class="error">"You do not have access to this page."</p>
        }
        .into_any();
    }
    let data = page_data(
        move || (reviewing.get(), done.get()),
        move |(review, done)| {
            get_offline_page(
                kind.deactivation,
                review.unwrap_or_default(),
                done.unwrap_or_default(),
            )
        },
    );
    view! {
        <Title text=kind.title />
        <h1>{kind.title}</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let error = error.get_untracked();
                match data.await {
                    Ok(OfflinePage { help, step }) => match step {
                        OfflineStep::Upload => view! { <UploadForm kind error help /> }.into_any(),
                        OfflineStep::Review(r) => view! { <review::Details kind r error /> }.into_any(),
                        OfflineStep::Done(d) => view! { <review::Finished kind d /> }.into_any(),
                    },
                    // The upload is no longer held (or never was, or is someone else's).
                    Err(AppError::NotFound) => {
                        let gone = review::gone(done.get_untracked().is_some());
                        view! { <UploadForm kind error=Some(gone) help=Vec::new() /> }.into_any()
                    }
                    Err(other) => {
                        view! { <UploadForm kind error=Some(other.to_string()) help=Vec::new() /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Step 1: the file (picker or drop) or its pasted text.
#[component]
fn UploadForm(
    kind: Kind,
    /// A refusal brought back in the address (`?error=`, the form posted without JavaScript).
    error: Option<String>,
    /// `(product, help)`: the vendor's words for making the file.
    help: Vec<(String, String)>,
) -> impl IntoView {
    let percent = RwSignal::new(None::<u32>);
    // Next to the fields, whether the refusal came back in the address or in place.
    let refusal = RwSignal::new(error);
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
    let described = move || refusal.get().is_some().then_some("offline-refusal");
    view! {
        <p>{kind.intro}</p>
        <h2>"1. On the machine"</h2>
        <OnTheMachine kind help />
        <h2>"2. Upload the file"</h2>
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
                <input
                    id="offline-file"
                    type="file"
                    name="file"
                    accept=".txt,text/plain"
                    aria-describedby=described
                />
                <p class="hint">"Choose the file, or drop it here."</p>
            </div>
            <div class="field">
                <label for="offline-text">"Or paste the text of the file"</label>
                <textarea
                    id="offline-text"
                    name="text"
                    rows="10"
                    cols="70"
                    spellcheck="false"
                    aria-describedby=described
                ></textarea>
            </div>
            <p role="alert" class="error" id="offline-refusal" data-testid="offline-refusal" hidden=move || refusal.get().is_none()>
                {move || refusal.get()}
            </p>
            <button type="submit">"Check the file"</button>
            {move || percent.get().map(|p| view! {
                <progress max="100" value=p.to_string() aria-label="Upload progress" data-testid="offline-progress">
                    {format!("{p}%")}
                </progress>
            })}
        </form>
    }
}

/// Step 1: the vendor's words for each product that has them, else the generic sentence.
#[component]
fn OnTheMachine(kind: Kind, help: Vec<(String, String)>) -> impl IntoView {
    if help.is_empty() {
        return view! { <p>{kind.on_machine}</p> }.into_any();
    }
    help.into_iter()
        .map(|(product, text)| {
            view! {
                <div data-testid="offline-help">
                    <h3>{product}</h3>
                    <p class="offline-help-text">{text}</p>
                </div>
            }
        })
        .collect_view()
        .into_any()
}
