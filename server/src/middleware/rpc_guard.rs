//! Server functions: deny without a session by default, and answer errors with the right
//! HTTP status.
//!
//! Leptos answers every server-function error with 500; the body is our `AppError`, which
//! knows its status. Form posts without JavaScript are redirects (the error travels in the
//! URL), so only 500s of JSON calls are rewritten.

use app::{AppError, api, state::RequestContext};
use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// Leptos marks server-function error responses with this header.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// An `AppError` body is a few hundred bytes; anything larger is not one.
const MAX_ERROR_BODY: usize = 16 * 1024;

/// Guards `/rpc/*`: 401 without a session unless the function is public; fixes error statuses.
pub async fn rpc_guard(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !path.starts_with(api::PREFIX) {
        return next.run(req).await;
    }
    let signed_in = req
        .extensions()
        .get::<RequestContext>()
        .is_some_and(|ctx| ctx.principal.is_some());
    let form_post = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !signed_in && !api::PUBLIC.contains(&path) {
        if form_post {
            return Redirect::to("/login").into_response();
        }
        return json_error(&AppError::Unauthorized);
    }
    let viewing_as = req
        .extensions()
        .get::<RequestContext>()
        .and_then(|ctx| ctx.principal.as_ref())
        .is_some_and(|p| p.viewed_by().is_some());
    if viewing_as && !read_only_allowed(path) {
        if form_post {
            return Redirect::to(&refused_target(&req)).into_response();
        }
        return json_error(&AppError::Forbidden);
    }
    let req = match without_nul(req).await {
        Ok(req) => req,
        Err(refused) => return refused,
    };
    let res = next.run(req).await;
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR
        && res.headers().contains_key(SERVER_FN_ERROR)
    {
        return with_error_status(res).await;
    }
    res
}

/// Refuses a server-function call whose arguments hold a NUL character (`%00` in a form or
/// query, or a raw 0 byte): no form field means one, and PostgreSQL refuses it in text, so it
/// would otherwise surface as an internal error deep in some query. Bodies over the limit
/// are 413 here too, as they cannot be read whole.
async fn without_nul(req: Request) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, crate::router::BODY_LIMIT).await else {
        return Err(StatusCode::PAYLOAD_TOO_LARGE.into_response());
    };
    let query = parts.uri.query().unwrap_or("").as_bytes();
    let nul = |b: &[u8]| b.contains(&0) || b.windows(3).any(|w| w == b"%00");
    if nul(&bytes) || nul(query) {
        return Err(json_error(&AppError::BadRequest(
            "text cannot contain NUL characters".into(),
        )));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// While staff view the portal as a customer, only reads (`get_*`, `list_*`), ending the
/// mode and signing out pass; every other server function is refused.
fn read_only_allowed(path: &str) -> bool {
    let name = path
        .strip_prefix(api::PREFIX)
        .unwrap_or(path)
        .trim_start_matches('/');
    name.starts_with("get_")
        || name.starts_with("list_")
        || api::VIEW_AS_ALLOWED
            .iter()
            .any(|p| p.ends_with(&format!("/{name}")))
}

/// Where a refused no-JS form post lands: the page it came from (same origin: the origin
/// check ran first), marked so the view-as banner says what happened.
fn refused_target(req: &Request) -> String {
    let path = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<http::Uri>().ok())
        .map(|u| u.path().to_owned())
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    format!("{path}?view_as_refused=1")
}

async fn with_error_status(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(secs) = err.retry_after_secs() {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `err` as a server function's JSON answer, with its status (and `Retry-After` when it
/// has one).
pub(super) fn json_error(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(err).unwrap_or_default(),
    )
        .into_response();
    if let Some(secs) = err.retry_after_secs() {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}
