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
