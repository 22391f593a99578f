//! The API's errors: an HTTP status, a stable code, a safe sentence.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use service::{ServiceError, refusal::Refusal};
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

/// `{"error": {...}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// One error.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: `LICENSE_NOT_FOUND`, `ACTIVATION_NOT_FOUND`, `LICENSE_EXPIRED`,
    /// `LICENSE_SUSPENDED`, `LICENSE_REVOKED`, `ACTIVATION_LIMIT_REACHED`,
    /// `DEACTIVATION_LIMIT_REACHED`, `OFFLINE_NOT_ALLOWED`, `FINGERPRINT_MISMATCH`,
    /// `ALREADY_DEACTIVATED`, `INVALID_REQUEST`, `RATE_LIMITED`, `ACCOUNT_NOT_FOUND`,
    /// `CROSS_SITE_REFUSED`, `SERVICE_BUSY`, `INTERNAL`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 `INVALID_REQUEST`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message)
    }

    /// 429 `RATE_LIMITED` with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Too many requests: try again later.",
            )
        }
    }

    /// 503 `SERVICE_BUSY` with `Retry-After`: every database connection stayed taken, or
    /// the request ran past its deadline.
    pub fn busy() -> Self {
        Self {
            retry_after: Some(app::status::RETRY_AFTER_BUSY_SECS),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_BUSY",
                "The server is busy: try again in a moment.",
            )
        }
    }

    /// Maps a service error; `not_found` is the code for `NotFound` (license or activation).
    pub fn from_service(err: ServiceError, not_found: &'static str, request_id: &str) -> Self {
        if let Some(refusal) = Refusal::of(&err) {
            let status = match refusal {
                Refusal::LicenseExpired | Refusal::LicenseSuspended | Refusal::LicenseRevoked => {
                    StatusCode::FORBIDDEN
                }
                _ => StatusCode::CONFLICT,
            };
            return Self::new(status, refusal.code(), refusal.message());
        }
        match err {
            ServiceError::NotFound | ServiceError::Unauthorized | ServiceError::Forbidden => {
                let what = match not_found {
                    "ACTIVATION_NOT_FOUND" => "No such activation for this license.",
                    "PRODUCT_NOT_FOUND" => "No such product.",
                    _ => "No such license.",
                };
                Self::new(StatusCode::NOT_FOUND, not_found, what)
            }
            // Each message is a whole sentence that names what is wrong ("The host name
            // contains ...", "The signature does not match: ..."): no field prefix.
            ServiceError::Invalid(errors) | ServiceError::Conflict(errors) => {
                let message = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Self::invalid(message)
            }
            ServiceError::RateLimited { retry_after_secs } => Self::rate_limited(retry_after_secs),
            ServiceError::Busy => Self::busy(),
            other => {
                tracing::error!(error = %other, request.id = request_id, "An API request failed.");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "INTERNAL",
                    format!("Something went wrong (request {request_id})."),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
