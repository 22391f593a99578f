//! Steps 3 and 4: what the held upload asks for and the button that confirms it, then the
//! page that says it is done and offers the signed file.

use super::Kind;
use crate::{
    components::format,
    dto::offline::{OfflineDone, OfflineReview},
};
use leptos::prelude::*;

/// How long uploads are held, as the pages say it (`service::offline::HOLD`).
const HOLD: &str = "30 minutes";

/// Why a review or a done page shows the upload form again.
pub fn gone(confirmed: bool) -> String {
    if confirmed {
        format!(
            "This file is no longer kept: confirmed uploads are kept for {HOLD}. Upload the request file again: the same request answers the same file."
        )
    } else {
        format!(
            "This upload is no longer waiting for you: uploads are kept for {HOLD}. Upload the file again."
        )
    }
}

/// Step 3: what the held upload asks for, and the button that confirms it.
#[component]
pub fn Details(kind: Kind, r: OfflineReview, error: Option<String>) -> impl IntoView {
    let question = if kind.deactivation {
        "3. Free the seat of this machine?"
    } else {
        "3. Activate this machine?"
    };
    let confirm_action = format!("{}/confirm", kind.action);
    let license_href = format!("/licenses/{}", r.license_id);
    view! {
        <section aria-labelledby="review-title" data-testid="offline-review">
            <h2 id="review-title">{question}</h2>
            <dl class="facts">
                <div><dt>"License"</dt><dd><a href=license_href>{r.license_key}</a>" · "{r.product_name}</dd></div>
                <div><dt>"Host name"</dt><dd data-testid="review-hostname">{r.hostname}</dd></div>
                <div><dt>"Operating system"</dt><dd>{r.os}</dd></div>
                <div><dt>"App version"</dt><dd>{r.app_version.unwrap_or_else(|| "not given".to_owned())}</dd></div>
                <div><dt>"Fingerprint"</dt><dd><code>{r.fingerprint_prefix}"…"</code></dd></div>
                <div><dt>"Requested"</dt><dd>{format::date_time(r.created_at)}</dd></div>
            </dl>
            <form method="post" action=confirm_action aria-labelledby="review-title">
                <input type="hidden" name="review" value=r.id />
                // A refused confirmation (the seats were taken meanwhile, say) next to its button.
                {error.map(|e| view! { <p role="alert" class="error" data-testid="offline-refusal">{e}</p> })}
                <button type="submit">{kind.confirm}</button>
                " "
                <a href=kind.page>"Upload a different file"</a>
            </form>
            <p class="hint">{kind.after}</p>
        </section>
    }
}

/// The page after a confirmation: what was done and the file to take away.
#[component]
pub fn Finished(kind: Kind, d: OfflineDone) -> impl IntoView {
    let file = format!("{}/answer/{}", kind.action, d.id);
    let license_href = format!("/licenses/{}", d.license_id);
    let what = if kind.deactivation {
        format!("The seat {} held on {} is free.", d.hostname, d.license_key)
    } else {
        format!("{} is activated on {}.", d.hostname, d.license_key)
    };
    let last = if kind.deactivation {
        format!(
            "4. Keep the receipt: it proves the seat of {} was freed. The license can be activated on another machine now.",
            d.hostname
        )
    } else {
        format!(
            "4. Copy the response file to {} and open it in {}: choose Offline activation there, then load the file.",
            d.hostname, d.product_name
        )
    };
    view! {
        <section aria-labelledby="done-title" data-testid="offline-done">
            <h2 id="done-title">{kind.done}</h2>
            <p role="status">{what}</p>
            <p>
                <a class="button" href=file download="">{kind.download}</a>
            </p>
            <p>{last}</p>
            <p class="muted">
                {format!("The file can be downloaded again from this page for {HOLD} after the upload.")}
                " "
                <a href=license_href>{format!("See the license ({})", d.product_name)}</a>
                " · "
                <a href=kind.page>{if kind.deactivation { "Free another seat" } else { "Activate another machine" }}</a>
            </p>
        </section>
    }
}
