//! Every request has a deadline: past it, the client gets a 503 with `Retry-After` (an error
//! page for a browser) instead of waiting forever, and the request's unfinished work is
//! dropped and its cancellation token cancelled, so nothing of it starts another query.
//! Release uploads are the exception: they stream gigabytes under their own cap. (A
//! download's deadline covers its answer's head, not the transfer.)

use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Gives the request its cancellation token (in its extensions, for the request context)
/// and ends it with 503 when it has not answered within `limit` (logged under the request's
/// span, which carries its id).
pub async fn deadline(State(limit): State<Duration>, mut req: Request, next: Next) -> Response {
    let cancel = CancellationToken::new();
    // Cancelled when this future ends: answered, past the deadline, or dropped because the
    // client went away.
    let _over = cancel.clone().drop_guard();
    req.extensions_mut().insert(cancel.clone());
    if req.uri().path() == crate::release_upload::PATH {
        return next.run(req).await;
    }
    let html = wants_html(&req);
    let api = req.uri().path().starts_with("/api/");
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            cancel.cancel();
            tracing::error!(
                deadline_secs = limit.as_secs_f64(),
                "The request ran past its deadline and was ended with 503."
            );
            answer(html, api)
        }
    }
}

/// 503 with `Retry-After` for a request the server has no capacity for right now.
pub fn busy(req: &Request) -> Response {
    answer(wants_html(req), req.uri().path().starts_with("/api/"))
}

fn wants_html(req: &Request) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The busy answer in the caller's terms: the API's error shape (with `Retry-After`), a page
/// for a browser, or a server function's JSON error.
fn answer(html: bool, api: bool) -> Response {
    if api {
        return crate::api_v1::ApiError::busy().into_response();
    }
    if !html {
        return super::rpc_guard::json_error(&app::AppError::Busy);
    }
    let mut res = (StatusCode::SERVICE_UNAVAILABLE, Html(BUSY_PAGE)).into_response();
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(app::status::RETRY_AFTER_BUSY_SECS),
    );
    res
}

/// A page of its own, not the app's: the app is what did not answer in time.
const BUSY_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Busy · Keyport</title><link rel="stylesheet" href="/pkg/keyport.css"></head>
<body><main id="main" class="auth">
<h1>This page is taking too long</h1>
<p role="alert" class="error">The server is busy. Try again in a moment.</p>
<p><a href="">Try again</a></p>
</main></body>
</html>
"#;
