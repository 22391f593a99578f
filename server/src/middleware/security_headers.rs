//! Headers every response carries: `X-Content-Type-Options: nosniff`, `Referrer-Policy`,
//! HSTS when the public URL is https, and for HTML that did not come from a page render (a
//! busy page, an upload's answer) a strict Content-Security-Policy and no framing. Pages set
//! their own policy with their render's nonce (`app::security`); a route that chose its
//! headers (the branding logo's sandbox) keeps them.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// A policy for HTML that runs no script: styles from this site, nothing framed, no framing.
const STATIC_HTML_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the headers; `https` says whether the public URL is https (then HSTS is sent).
pub async fn security_headers(State(https): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    if https {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    if html {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(HeaderValue::from_static(STATIC_HTML_POLICY));
        headers
            .entry(header::X_FRAME_OPTIONS)
            .or_insert(HeaderValue::from_static("DENY"));
    }
    res
}
