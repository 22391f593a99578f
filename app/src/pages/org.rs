//! Organization admin pages: `/org/users`, `/org/groups`, `/org/activity`.

pub mod activity;
pub mod groups;
pub mod users;

use crate::{AppError, components::error_view::ErrorView};
use leptos::prelude::*;

/// The error an action answered with, shown above its forms (announced: `role="alert"`).
pub(crate) fn action_error<S>(value: S) -> impl Fn() -> Option<AnyView>
where
    S: Get<Value = Option<Result<(), AppError>>> + Send + Sync + 'static,
{
    move || {
        value
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> }.into_any())
    }
}
