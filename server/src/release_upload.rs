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

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use app::state::RequestContext;
use axum::{
    Extension, Router,
    extract::{DefaultBodyLimit, Multipart, State, multipart::Field},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::post,
};
use futures_util::TryStreamExt;
use service::{
    Principal, ServiceError,
    audit::{self, AuditEntry, Outcome},
    permissions::StaffRole,
    releases::publish::{self, NewRelease},
};
use uuid::Uuid;

use crate::downloads::Releases;

/// Where the form lives.
const PAGE: &str = "/vendor/releases";
/// Text fields are small; notes are capped at 100 000 characters by the service.
const TEXT_LIMIT: usize = 128 * 1024;
/// A release with more files than this is refused (each file is capped on its own).
const MAX_FILES: usize = 32;

/// The upload route, to merge outside the Leptos body limit.
pub fn routes<S: Clone + Send + Sync + 'static>(releases: Releases) -> Router<S> {
    Router::new()
        .route("/vendor/releases/upload", post(upload))
        // Files are capped one by one while they stream; the request as a whole is not.
        .layer(DefaultBodyLimit::disable())
        .with_state(releases)
}

/// How the answer is written: a redirect for a plain form, JSON for the enhanced page.
struct Reply {
    json: bool,
}

impl Reply {
    fn of(headers: &HeaderMap) -> Self {
        let json = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
        Self { json }
    }

    fn done(&self, location: &str, message: &str) -> Response {
        if self.json {
            let body = serde_json::json!({ "message": message, "location": location });
            (StatusCode::OK, axum::Json(body)).into_response()
        } else {
            Redirect::to(location).into_response()
        }
    }

    /// A refusal: back to the form with the sentence, or a page of its own for statuses a
    /// redirect would hide (401, 403, 413).
    fn refuse(&self, status: StatusCode, message: &str) -> Response {
        let location = format!("{PAGE}?error={}#upload", encode(message));
        if self.json {
            let body = serde_json::json!({ "message": message, "location": location });
            return (status, axum::Json(body)).into_response();
        }
        if status == StatusCode::BAD_REQUEST || status == StatusCode::CONFLICT {
            return Redirect::to(&location).into_response();
        }
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Upload refused\
             </title></head><body><main><h1>Upload refused</h1><p role=\"alert\">{}</p>\
             <p><a href=\"{PAGE}\">Back to releases</a></p></main></body></html>",
            escape(message)
        );
        (status, Html(page)).into_response()
    }
}

fn encode(message: &str) -> String {
    message
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Bytes as people read them (`1 MiB`, `8 GiB`, `512 bytes`).
fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// Why an upload stopped, with the HTTP status it is answered with.
struct Refused(StatusCode, String);

impl Refused {
    fn invalid(message: impl Into<String>) -> Self {
        Self(StatusCode::BAD_REQUEST, message.into())
    }
}

impl From<ServiceError> for Refused {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(errors) => Self::invalid(first(&errors)),
            ServiceError::Conflict(errors) => Self(StatusCode::CONFLICT, first(&errors)),
            other => {
                tracing::error!(error = %other, "A release upload failed.");
                Self(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong; nothing was published.".into(),
                )
            }
        }
    }
}

fn first(errors: &[service::FieldError]) -> String {
    errors
        .first()
        .map_or("The upload was refused.".to_owned(), |e| e.message.clone())
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

/// Reads the form: the draft once the text fields are in, each file into it, then publishes;
/// on any failure after the draft exists, discards it.
async fn receive(
    releases: &Releases,
    account_id: Uuid,
    mut form: Multipart,
) -> Result<Published, Refused> {
    let mut new = NewRelease {
        product: String::new(),
        version: String::new(),
        channel: "stable".into(),
        platform: String::new(),
        arch: String::new(),
        notes: String::new(),
    };
    let mut draft: Option<(Uuid, String)> = None;
    let mut files = Vec::new();
    let outcome = async {
        while let Some(field) = form.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "files" {
                // A file input left empty still sends a part, without a file name.
                let Some(file_name) = field.file_name().map(str::to_owned) else {
                    continue;
                };
                if file_name.is_empty() {
                    continue;
                }
                if files.len() == MAX_FILES {
                    return Err(Refused::invalid(format!(
                        "A release holds at most {MAX_FILES} files."
                    )));
                }
                let id = match &draft {
                    Some((id, _)) => *id,
                    None => {
                        let made =
                            publish::create_draft(&releases.db, account_id, new.clone()).await?;
                        draft = Some((made.id, made.version));
                        made.id
                    }
                };
                let stored = store_file(releases, account_id, id, &file_name, field).await?;
                files.push((stored.name, stored.size));
                continue;
            }
            let value = text(field).await?;
            match name.as_str() {
                "product" => new.product = value,
                "version" => new.version = value,
                "channel" if !value.trim().is_empty() => new.channel = value,
                "platform" => new.platform = value,
                "arch" => new.arch = value,
                "notes" => new.notes = value,
                _ => {}
            }
        }
        let Some((id, version)) = draft.clone() else {
            // The other fields' errors are the more useful ones, so check them first; a draft
            // made by the check is discarded below like any other.
            let made = publish::create_draft(&releases.db, account_id, new.clone()).await?;
            draft = Some((made.id, made.version));
            return Err(Refused::invalid("Choose at least one file to upload."));
        };
        publish::publish(&releases.db, account_id, id).await?;
        let product = publish::product_name(&releases.db, account_id, id).await?;
        Ok(Published {
            id,
            product,
            version,
            files: std::mem::take(&mut files),
        })
    }
    .await;
    if outcome.is_err() {
        discard(releases, account_id, draft.as_ref().map(|d| d.0)).await;
    }
    outcome
}

async fn discard(releases: &Releases, account_id: Uuid, draft: Option<Uuid>) {
    let Some(id) = draft else { return };
    if let Err(e) = publish::discard_draft(&releases.db, &releases.store, account_id, id).await {
        tracing::error!(error = %e, release.id = %id, "A refused upload's draft could not be discarded.");
    }
}

fn unreadable(e: axum::extract::multipart::MultipartError) -> Refused {
    tracing::info!(error = %e, "A release upload could not be read.");
    Refused::invalid("The upload was interrupted or malformed; nothing was published.")
}

/// A text field, refused past [`TEXT_LIMIT`] instead of being read whole.
async fn text(mut field: Field<'_>) -> Result<String, Refused> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        if bytes.len() + chunk.len() > TEXT_LIMIT {
            return Err(Refused::invalid("The notes are too long."));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| Refused::invalid("The form fields must be UTF-8 text."))
}

/// Streams one file into the draft; a file over the cap is a 413.
async fn store_file(
    releases: &Releases,
    account_id: Uuid,
    draft: Uuid,
    name: &str,
    field: Field<'_>,
) -> Result<service::entities::release_file::Model, Refused> {
    let cap = releases.upload_max_bytes;
    let seen = Arc::new(AtomicU64::new(0));
    let counter = seen.clone();
    let body = field
        .inspect_ok(move |chunk| {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        })
        .map_err(std::io::Error::other);
    let stored = publish::add_file(
        &releases.db,
        &releases.store,
        account_id,
        draft,
        name,
        body,
        cap,
    )
    .await;
    match stored {
        Ok(file) => Ok(file),
        Err(_) if seen.load(Ordering::Relaxed) > cap => Err(Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The file {name} is larger than the upload limit of {}; nothing was published.",
                size(cap)
            ),
        )),
        Err(e) => Err(e.into()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(8 << 30), "8 GiB");
        assert_eq!(size(1500), "1500 bytes");
    }
}
