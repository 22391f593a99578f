//! The licensing REST API for client applications, under `/api/v1` (plain axum routes, JSON).
//!
//! The vendor account comes from the `Host` like everything else; the license key (or a proof
//! signed by the client key) authenticates the machine. Requests carry no cookies, Origin or
//! `Sec-Fetch-Site`, so the origin check lets them through. Errors are
//! `{"error": {"code", "message"}}` with a stable code (docs/api.md); OpenAPI at
//! `/api/v1/openapi.json`.

mod error;
mod handlers;
mod openapi;
mod rate_limit;

use std::sync::Arc;

use app::state::AppState;
use axum::{
    Extension, Router,
    routing::{get, post},
};

pub use error::ApiError;
pub use openapi::ApiDoc;
pub use rate_limit::{ApiLimits, RateSettings};

/// The `/api/v1` routes, to merge into the application router.
pub fn router(rates: RateSettings) -> Router<AppState> {
    Router::new()
        .route("/api/v1/activations", post(handlers::activate))
        .route("/api/v1/licenses/validate", post(handlers::validate))
        .route(
            "/api/v1/activations/{id}/heartbeat",
            post(handlers::heartbeat),
        )
        .route(
            "/api/v1/activations/{id}/deactivate",
            post(handlers::deactivate),
        )
        .route(
            "/api/v1/products/{id}/public-key",
            get(handlers::public_key),
        )
        .route("/api/v1/openapi.json", get(openapi::document))
        .layer(Extension(Arc::new(ApiLimits::new(rates))))
}
