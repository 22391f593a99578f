//! `POST /vendor/releases/upload`: the vendor console's upload form, a plain multipart POST that
//! works without JavaScript (the hydrated page sends the same form with a progress bar).
//!
//! Fields, in this order: `product`, `version`, `channel`, `platform`, `arch`, `notes`, then one
//! or more `files`. The text fields come first so the draft can be made before the first byte
//! of a file arrives; each file then streams to the store (hashed on the way, never held in
//! memory) through the same service code as `keyport release publish`. Any refusal or cut
//! discards the draft and the files already stored: nothing is half-published.
//!
//! Outside the 64 KiB body cap of the Leptos routes: each file is capped at
//! `upload_max_bytes` instead. Vendor admins only; the origin check runs before this handler.
//! A browser form gets a redirect to the list (`?saved=uploaded`) or back with `?error=...`,
//! except that a file over the cap is a 413 page with the sentence; a script that asks for
//! `application/json` gets `{"message", "location"}` with the HTTP status.

use app::state::RequestContext;
mod receive;
mod reply;

use axum::{
    Extension, Router,
    extract::{DefaultBodyLimit, Multipart, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use service::{
    Principal,
    audit::{self, AuditEntry, Outcome},
    permissions::StaffRole,
};
use uuid::Uuid;

use crate::downloads::Releases;
use receive::receive;
use reply::{Refused, Reply};

/// Where the form lives.
const PAGE: &str = "/vendor/releases";

/// Where the console posts a release.
pub const PATH: &str = "/vendor/releases/upload";

/// The upload route, to merge outside the Leptos body limit.
pub fn routes<S: Clone + Send + Sync + 'static>(releases: Releases) -> Router<S> {
    Router::new()
        .route(PATH, post(upload))
        // Files are capped one by one while they stream; the request as a whole is not.
        .layer(DefaultBodyLimit::disable())
        .with_state(releases)
}

async fn upload(
    State(releases): State<Releases>,
    Extension(ctx): Extension<RequestContext>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let reply = Reply::of(&headers);
    let Some(principal) = ctx.principal.clone() else {
        if !reply.json {
            return Redirect::to("/login").into_response();
        }
        return reply.refuse(StatusCode::UNAUTHORIZED, "Please sign in to upload.");
    };
    if !matches!(&principal, Principal::Staff(s) if s.role == StaffRole::Admin) {
        return reply.refuse(
            StatusCode::FORBIDDEN,
            "Only vendor administrators can publish releases.",
        );
    }
    let account_id = principal.account_id();
    match receive(&releases, account_id, form).await {
        Ok(published) => {
            record(&releases, &ctx, &principal, &published).await;
            let message = format!(
                "{} {} was published with {} file{}.",
                published.product,
                published.version,
                published.files.len(),
                if published.files.len() == 1 { "" } else { "s" }
            );
            reply.done(&format!("{PAGE}?saved=uploaded"), &message)
        }
        Err(Refused(status, message)) => {
            tracing::info!(account.id = %account_id, http.status = status.as_u16(), "A release upload was refused.");
            reply.refuse(status, &message)
        }
    }
}

/// A release the form published.
struct Published {
    id: Uuid,
    product: String,
    version: String,
    files: Vec<(String, i64)>,
}

async fn record(releases: &Releases, ctx: &RequestContext, p: &Principal, published: &Published) {
    let entry = AuditEntry {
        account_id: p.account_id(),
        actor_user_id: Some(p.user_id()),
        actor_email: p.email(),
        organization_id: None,
        action: "release.publish",
        target_type: "release",
        target_id: published.id.to_string(),
        outcome: Outcome::Success,
        ip: ctx.ip.as_deref(),
        details: serde_json::json!({
            "product": published.product,
            "version": published.version,
            "files": published
                .files
                .iter()
                .map(|(name, size)| serde_json::json!({ "name": name, "size": size }))
                .collect::<Vec<_>>(),
            "via": "console",
        }),
    };
    if let Err(e) = audit::record(&releases.db, entry).await {
        tracing::error!(error = %e, "A release upload's audit event could not be written.");
    }
}
