//! Portal uploads of offline files, in two steps that work as plain forms without JavaScript:
//!
//! 1. `POST /offline/upload/{activation|deactivation}` (multipart: the file in `file`, or its
//!    pasted text in `text`) checks the file and holds it (`service::offline::stage`), then
//!    redirects to the page's review (`?review=<id>`), which shows what the file asks for.
//!    Hydrated, the page sends the same form with `Accept: application/json` and gets
//!    `{"review"}` or `{"message"}` back, to show the review or the refusal in place.
//! 2. `POST /offline/upload/{activation|deactivation}/confirm` (form field `review`) activates
//!    or deactivates and answers the signed response or receipt as a download (RFC 6266
//!    `Content-Disposition`).
//!
//! A refused file or confirmation redirects back to the page with the reason (`?error=...`);
//! nothing changes. These routes sit outside the 64 KiB cap of the Leptos routes, under their
//! own [`BODY_LIMIT`], so a file just over the protocol's 64 KiB gets the protocol's sentence
//! rather than a bare 413.

mod download;
mod receive;

use crate::form_answer::{query_value, wants_json};
use app::state::{AppState, RequestContext};
use axum::{
    Extension, Form, Json, Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::json;
use service::{
    ServiceError,
    offline::{self, UploadKind},
};

/// Largest upload body: the protocol's 64 KiB file cap, the form's other field and the
/// multipart framing, with room to spare. Reading stops there and the page says why (the
/// extractors' own limit, so the refusal is a sentence on the page rather than a bare 413).
pub const BODY_LIMIT: usize = 256 * 1024;

/// The upload routes, to merge into the application router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offline/upload/activation", post(stage_activation))
        .route("/offline/upload/deactivation", post(stage_deactivation))
        .route(
            "/offline/upload/activation/confirm",
            post(confirm_activation),
        )
        .route(
            "/offline/upload/deactivation/confirm",
            post(confirm_deactivation),
        )
        .route(
            "/offline/upload/activation/answer/{id}",
            get(answer_activation),
        )
        .route(
            "/offline/upload/deactivation/answer/{id}",
            get(answer_deactivation),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

fn page(kind: UploadKind) -> &'static str {
    match kind {
        UploadKind::Activation => "/offline/activate",
        UploadKind::Deactivation => "/offline/deactivate",
    }
}

async fn stage_activation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    stage(UploadKind::Activation, state, ctx, headers, form).await
}

async fn stage_deactivation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    stage(UploadKind::Deactivation, state, ctx, headers, form).await
}

async fn confirm_activation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    form: Form<ConfirmForm>,
) -> Response {
    confirm(UploadKind::Activation, state, ctx, form).await
}

async fn confirm_deactivation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    form: Form<ConfirmForm>,
) -> Response {
    confirm(UploadKind::Deactivation, state, ctx, form).await
}

async fn answer_activation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    id: Path<String>,
) -> Response {
    answer(UploadKind::Activation, state, ctx, id).await
}

async fn answer_deactivation(
    state: State<AppState>,
    ctx: Extension<RequestContext>,
    id: Path<String>,
) -> Response {
    answer(UploadKind::Deactivation, state, ctx, id).await
}

/// The signed file of a confirmed upload, again, for its uploader while it is held. Anything
/// else (someone else's, unconfirmed, expired, not an id) goes back to the page, which says so.
async fn answer(
    kind: UploadKind,
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Path(id): Path<String>,
) -> Response {
    let Some(principal) = ctx.principal.clone() else {
        return Redirect::to("/login").into_response();
    };
    let result = match uuid::Uuid::parse_str(id.trim()) {
        Ok(id) => offline::answer(&state.db, &principal, kind, id).await,
        Err(_) => Err(ServiceError::NotFound),
    };
    match result {
        Ok(answer) => {
            // Named for the portal customers know (service::branding::portal_name).
            let site = service::branding::portal_name(&state.db, principal.account_id())
                .await
                .unwrap_or_default();
            download::file(&answer.filename, answer.contents, &site)
        }
        Err(err) => {
            let (_, message) = refusal(err, &ctx);
            Redirect::to(&format!("{}?error={}", page(kind), query_value(&message))).into_response()
        }
    }
}

/// How a refusal reads: the service's sentence, or one of ours.
fn refusal(err: ServiceError, ctx: &RequestContext) -> (StatusCode, String) {
    match err {
        ServiceError::Invalid(errors) | ServiceError::Conflict(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .first()
                .map_or("The file was refused.".to_owned(), |e| e.message.clone()),
        ),
        ServiceError::Forbidden => (
            StatusCode::FORBIDDEN,
            "You are not allowed to do this.".to_owned(),
        ),
        ServiceError::NotFound => (
            StatusCode::NOT_FOUND,
            format!(
                "This upload is no longer waiting for you: uploads are kept for {} minutes. Upload the file again.",
                offline::HOLD.num_minutes()
            ),
        ),
        err => {
            tracing::error!(error = %err, request.id = %ctx.request_id, "An offline upload failed.");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Something went wrong (request {}).", ctx.request_id),
            )
        }
    }
}

async fn stage(
    kind: UploadKind,
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let json = wants_json(&headers);
    let refused = |status: StatusCode, message: String| {
        if json {
            (status, Json(json!({ "message": message }))).into_response()
        } else {
            Redirect::to(&format!("{}?error={}", page(kind), query_value(&message))).into_response()
        }
    };
    let Some(principal) = ctx.principal.clone() else {
        return if json {
            refused(StatusCode::UNAUTHORIZED, "Sign in first.".to_owned())
        } else {
            Redirect::to("/login").into_response()
        };
    };
    // Before reading anything: a user without the permission learns nothing of the file.
    if !principal.can(kind.permission()) {
        return refused(
            StatusCode::FORBIDDEN,
            "You are not allowed to do this.".to_owned(),
        );
    }
    let bytes = match receive::upload(form).await {
        Ok(bytes) => bytes,
        Err(message) => return refused(StatusCode::UNPROCESSABLE_ENTITY, message),
    };
    match offline::stage(&state.db, &principal, kind, &bytes).await {
        Ok(staged) if json => Json(json!({ "review": staged.id })).into_response(),
        Ok(staged) => Redirect::to(&format!("{}?review={}", page(kind), staged.id)).into_response(),
        Err(err) => {
            let (status, message) = refusal(err, &ctx);
            refused(status, message)
        }
    }
}

/// The confirm form.
#[derive(Deserialize)]
struct ConfirmForm {
    /// The held upload's id.
    review: String,
}

async fn confirm(
    kind: UploadKind,
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let Some(principal) = ctx.principal.clone() else {
        return Redirect::to("/login").into_response();
    };
    let result = match uuid::Uuid::parse_str(form.review.trim()) {
        Ok(id) => {
            offline::confirm(
                &state.db,
                &state.master_key,
                &principal,
                kind,
                id,
                ctx.ip.as_deref(),
            )
            .await
        }
        Err(_) => Err(ServiceError::NotFound),
    };
    match result {
        // The page that follows says what was done and offers the file (`answer`): a download
        // here would leave the page asking "Activate this machine?" after the fact.
        Ok(_) => {
            Redirect::to(&format!("{}?done={}", page(kind), form.review.trim())).into_response()
        }
        Err(err) => {
            let (_, message) = refusal(err, &ctx);
            let mut to = format!("{}?error={}", page(kind), query_value(&message));
            if let Ok(id) = uuid::Uuid::parse_str(form.review.trim()) {
                // Keep the review on screen: the refusal may be about the license (say, its
                // seats are taken) and the person may fix that and confirm again.
                to.push_str(&format!("&review={id}"));
            }
            Redirect::to(&to).into_response()
        }
    }
}
