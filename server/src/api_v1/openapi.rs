//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

use super::{error, handlers};

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Keyport licensing API",
        version = "1",
        description = "Activate, validate and deactivate machines. Errors are `{\"error\": {\"code\", \"message\"}}` with a stable code."
    ),
    paths(
        handlers::activate,
        handlers::validate,
        handlers::heartbeat,
        handlers::deactivate,
        handlers::public_key,
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
