//! The server half of `status`.

use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Sets the status code of the response being rendered.
pub fn set(status: u16) {
    if let (Some(response), Ok(code)) = (
        use_context::<ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
}

/// Answers the response being rendered with 503 and `Retry-After` (the server is saturated).
pub fn busy() {
    set(503);
    if let Some(response) = use_context::<ResponseOptions>() {
        response.insert_header(
            http::header::RETRY_AFTER,
            http::HeaderValue::from(super::RETRY_AFTER_BUSY_SECS),
        );
    }
}
