//! `POST /csp-report`: where browsers report what a page's Content-Security-Policy refused.
//! Each report is logged (a warning: either a page of ours breaks its own policy, or someone
//! tried to inject content); nothing is stored and nothing else happens.

use axum::{Router, body::Bytes, http::StatusCode, routing::post};

/// The route.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route(app::security::REPORT_PATH, post(report))
}

async fn report(body: Bytes) -> StatusCode {
    let report: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let r = &report["csp-report"];
    let field = |k: &str| {
        r[k].as_str()
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect::<String>()
    };
    tracing::warn!(
        directive = %field("violated-directive"),
        document = %field("document-uri"),
        blocked = %field("blocked-uri"),
        "Content-Security-Policy violation reported by a browser."
    );
    StatusCode::NO_CONTENT
}
