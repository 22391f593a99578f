//! Portal uploads of offline files (plain multipart forms that work without JavaScript):
//! `POST /offline/upload/activation` and `POST /offline/upload/deactivation` take the file
//! (field `file`) or its pasted text (field `text`) and answer the signed response or receipt
//! as a download (RFC 6266 `Content-Disposition`). A refused file redirects back to the page
//! with the reason (`?error=...`); nothing changes.

use app::state::{AppState, RequestContext};
use axum::{
    Extension, Router,
    extract::{Multipart, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use service::{
    Principal, ServiceError,
    offline::{self, OfflineFile, OfflineRules},
    permissions::Permission,
};

/// The upload routes, to merge into the application router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offline/upload/activation", post(activation))
        .route("/offline/upload/deactivation", post(deactivation))
}

#[derive(Clone, Copy)]
enum Upload {
    Activation,
    Deactivation,
}

impl Upload {
    fn page(self) -> &'static str {
        match self {
            Upload::Activation => "/offline/activate",
            Upload::Deactivation => "/offline/deactivate",
        }
    }

    fn permission(self) -> Permission {
        match self {
            Upload::Activation => Permission::OfflineActivate,
            Upload::Deactivation => Permission::OfflineDeactivate,
        }
    }
}

async fn activation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    form: Multipart,
) -> Response {
    handle(Upload::Activation, state, ctx, form).await
}

async fn deactivation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    form: Multipart,
) -> Response {
    handle(Upload::Deactivation, state, ctx, form).await
}

fn back(kind: Upload, message: &str) -> Response {
    let encoded: String = message
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    Redirect::to(&format!("{}?error={encoded}", kind.page())).into_response()
}

/// The uploaded bytes: the file if one was chosen, else the pasted text.
async fn read_upload(mut form: Multipart) -> Result<Vec<u8>, String> {
    let mut file = None;
    let mut text = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| "The upload could not be read.".to_owned())?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| "The upload could not be read.".to_owned())?;
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some(bytes.to_vec()),
            "text" if !bytes.iter().all(u8::is_ascii_whitespace) => text = Some(bytes.to_vec()),
            _ => {}
        }
    }
    file.or(text)
        .ok_or_else(|| "Choose the request file or paste its text.".to_owned())
}

async fn handle(
    kind: Upload,
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    form: Multipart,
) -> Response {
    let Some(principal) = ctx.principal.clone() else {
        return Redirect::to("/login").into_response();
    };
    if !principal.can(kind.permission()) {
        return back(kind, "You are not allowed to do this.");
    }
    let bytes = match read_upload(form).await {
        Ok(bytes) => bytes,
        Err(message) => return back(kind, &message),
    };
    match process(kind, &state, &principal, &bytes, ctx.ip.as_deref()).await {
        Ok(file) => download(file),
        Err(ServiceError::Invalid(errors) | ServiceError::Conflict(errors)) => back(
            kind,
            &errors
                .first()
                .map_or("The file was refused.".to_owned(), |e| e.message.clone()),
        ),
        Err(ServiceError::NotFound) => back(kind, "The license or machine was not found."),
        Err(err) => {
            tracing::error!(error = %err, request.id = %ctx.request_id, "An offline upload failed.");
            back(
                kind,
                &format!("Something went wrong (request {}).", ctx.request_id),
            )
        }
    }
}

async fn process(
    kind: Upload,
    state: &AppState,
    principal: &Principal,
    bytes: &[u8],
    ip: Option<&str>,
) -> Result<OfflineFile, ServiceError> {
    let rules = OfflineRules::default();
    match kind {
        Upload::Activation => {
            offline::activate_offline(&state.db, &state.master_key, principal, bytes, rules, ip)
                .await
        }
        Upload::Deactivation => {
            offline::deactivate_offline(&state.db, &state.master_key, principal, bytes, rules, ip)
                .await
        }
    }
}

fn download(file: OfflineFile) -> Response {
    // The name is ours (ASCII letters, digits, '-' and '.'), so the plain `filename=` form of
    // RFC 6266 is exact.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.filename))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        file.contents,
    )
        .into_response()
}
