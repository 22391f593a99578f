//! Step 2: what the held upload asks for, and the button that confirms it.

use super::{Kind, UploadForm};
use crate::{
    AppError, api::offline::get_offline_review, components::format, dto::offline::OfflineReview,
    page_data::page_data,
};
use leptos::prelude::*;

/// The review of upload `id`; an upload that is no longer held (or never was) says so and
/// offers the upload form again.
#[component]
pub fn Review(kind: Kind, id: String) -> impl IntoView {
    let review = page_data(
        move || id.clone(),
        move |id| get_offline_review(kind.deactivation, id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Checking the file…"</p> }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) => view! { <Details kind r /> }.into_any(),
                    Err(error) => {
                        let message = match error {
                            AppError::NotFound => "This upload is no longer waiting for you: uploads are kept for 30 minutes. Upload the file again.".to_owned(),
                            other => other.to_string(),
                        };
                        view! {
                            <p role="alert" class="error">{message}</p>
                            <UploadForm kind />
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Details(kind: Kind, r: OfflineReview) -> impl IntoView {
    let question = if kind.deactivation {
        "Free the seat of this machine?"
    } else {
        "Activate this machine?"
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
                <button type="submit">{kind.confirm}</button>
                " "
                <a href=kind.page>"Upload a different file"</a>
            </form>
            <p class="hint">{kind.after}</p>
        </section>
    }
}
