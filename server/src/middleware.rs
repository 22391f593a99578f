//! What happens to every request before a page or server function sees it.

mod deadline;
mod flash;
mod origin;
mod request_context;
mod rpc_guard;
mod security_headers;

pub use deadline::deadline;
pub use flash::{FlashKey, flash};
pub use origin::origin_check;
pub use request_context::{HEALTHZ, MiddlewareState, READYZ, request_context};
pub use rpc_guard::rpc_guard;
pub use security_headers::security_headers;

use axum::{extract::MatchedPath, http::Request};

/// The tracing span of a request: method and matched route, never the query or body.
pub fn trace_span<B>(req: &Request<B>) -> tracing::Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| req.uri().path().to_owned());
    tracing::info_span!("http", method = %req.method(), route = %route)
}
