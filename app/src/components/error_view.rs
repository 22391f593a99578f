//! An error message for the user, announced by screen readers.

use crate::AppError;
use leptos::prelude::*;

/// Shows what went wrong in words the user can act on.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    if error == AppError::Busy {
        // A saturated server says so with its status too, so clients and proxies back off.
        crate::status::busy();
    }
    view! {
        <p role="alert" class="error">
            {error.to_string()}
        </p>
    }
}
