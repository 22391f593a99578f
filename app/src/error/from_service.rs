//! Turning `service` errors into wire errors: the one place internal causes are logged.

use super::{AppError, FieldError};
use service::ServiceError;

fn fields(errors: Vec<service::FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError {
            field: e.field,
            message: e.message,
        })
        .collect()
}

impl From<ServiceError> for AppError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Unauthorized => AppError::Unauthorized,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Invalid(e) => AppError::Invalid(fields(e)),
            ServiceError::Conflict(e) => AppError::Conflict(fields(e)),
            ServiceError::RateLimited { retry_after_secs } => {
                AppError::RateLimited { retry_after_secs }
            }
            ServiceError::Busy => AppError::Busy,
            internal @ (ServiceError::Db(_) | ServiceError::Internal(_)) => {
                let request_id = crate::state::current_request_id();
                tracing::error!(request.id = %request_id, error = %internal, "A request failed inside the server.");
                AppError::Internal { request_id }
            }
        }
    }
}
