//! The branding logo over HTTP.
//!
//! - `POST /vendor/settings/branding/logo`: the branding page's upload form, a plain
//!   multipart POST (field `logo`) that works without JavaScript. Vendor admins only (the
//!   origin check runs before it, like for every state change). The image goes into the
//!   draft; the answer is a redirect back to the page, with `?saved=logo` or
//!   `?logo_error=<the reason>`. Outside the 64 KiB cap of pages and server functions, with a
//!   cap of its own just above the 512 KiB logo limit.
//! - `GET /branding/logo/{sha256}`: the image, on the account's own host, with the type its
//!   content was checked to be, `nosniff`, and (the hash naming the content) an immutable
//!   cache header. The draft's logo is served to that account's staff only.

use app::state::{AppState, RequestContext};
use axum::{
    Extension, Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use service::{
    Principal, ServiceError,
    branding::{image, logo},
    permissions::StaffRole,
};

/// The branding page.
const PAGE: &str = "/vendor/settings/branding";

/// The logo limit plus room for the multipart framing; larger bodies are cut off.
pub const BODY_LIMIT: usize = image::LOGO_MAX_BYTES + 16 * 1024;

/// The logo routes, to merge outside the pages' body limit.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vendor/settings/branding/logo", post(upload))
        .route("/branding/logo/{sha256}", get(serve))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
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

fn back(message: &str) -> Response {
    Redirect::to(&format!("{PAGE}?logo_error={}#logo", encode(message))).into_response()
}

async fn upload(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    form: Multipart,
) -> Response {
    let Some(principal) = ctx.principal.clone() else {
        return Redirect::to("/login").into_response();
    };
    if !matches!(&principal, Principal::Staff(s) if s.role == StaffRole::Admin) {
        return (
            StatusCode::FORBIDDEN,
            "Only vendor administrators can change the branding.",
        )
            .into_response();
    }
    let bytes = match read_logo(form).await {
        Ok(bytes) => bytes,
        Err(message) => {
            tracing::info!(account.id = %principal.account_id(), "A logo upload was refused.");
            return back(&message);
        }
    };
    match logo::upload(&state.db, &principal, bytes, ctx.ip.as_deref()).await {
        Ok(_) => Redirect::to(&format!("{PAGE}?saved=logo#logo")).into_response(),
        Err(ServiceError::Invalid(errors)) => {
            tracing::info!(account.id = %principal.account_id(), "A logo was refused.");
            back(
                &errors
                    .first()
                    .map_or("The logo was refused.".to_owned(), |e| e.message.clone()),
            )
        }
        Err(ServiceError::Forbidden) => (
            StatusCode::FORBIDDEN,
            "Only vendor administrators can change the branding.",
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, request.id = %ctx.request_id, "A logo upload failed.");
            back(&format!(
                "Something went wrong (request {}); the logo was not changed.",
                ctx.request_id
            ))
        }
    }
}

/// The `logo` file of the form, refused as soon as it passes the limit.
async fn read_logo(mut form: Multipart) -> Result<Vec<u8>, String> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            image::too_large(None)
        } else {
            "The upload was interrupted or malformed; the logo was not changed.".to_owned()
        }
    };
    let mut logo = None;
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        if field.name() != Some("logo") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > image::LOGO_MAX_BYTES {
                return Err(image::too_large(None));
            }
            bytes.extend_from_slice(&chunk);
        }
        logo = Some(bytes);
    }
    logo.ok_or_else(|| "Choose a PNG, JPEG or WebP image to upload.".to_owned())
}

async fn serve(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Path(sha256): Path<String>,
) -> Response {
    let Some(account) = ctx.account.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // A hash is 64 lower-case hex digits; anything else names nothing.
    if sha256.len() != 64
        || !sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    match logo::file(&state.db, account.id, ctx.principal.as_ref(), &sha256).await {
        Ok(file) => {
            // The URL names the content, so it never changes; a draft logo is for staff only.
            let cache = if file.published {
                "public, max-age=31536000, immutable"
            } else {
                "private, max-age=31536000, immutable"
            };
            let content_type = HeaderValue::from_str(&file.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::X_CONTENT_TYPE_OPTIONS,
                        HeaderValue::from_static("nosniff"),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static("default-src 'none'; sandbox"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_static("inline; filename=\"logo\""),
                    ),
                ],
                file.bytes,
            )
                .into_response()
        }
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, request.id = %ctx.request_id, "A logo could not be served.");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
