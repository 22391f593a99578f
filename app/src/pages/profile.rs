//! `/profile`: the user's own name, email and password, and (customers) their notification
//! preferences.

mod notifications;

use crate::{
    AppError,
    api::profile::{ChangePassword, UpdateProfile, get_profile},
    components::{error_view::ErrorView, field::Field, saves::Saves},
    dto::{CurrentUser, Profile},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Profile details and password change; each form answers next to its fields.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let saves = Saves::new();
    let profile = page_data(move || saves.revision(), |_| get_profile());
    let customer = !expect_context::<CurrentUser>().is_staff;
    view! {
        <Title text="Profile" />
        <h1>"Profile"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => saves.fresh(view! { <Forms p saves /> }).into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
        {customer.then(|| view! { <notifications::NotificationPreferences saves /> })}
    }
}

/// The error of an action for one field, for `<Field>`.
fn field_error(
    value: Signal<Option<Result<(), AppError>>>,
    name: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.field(name))
    })
}

/// The error of an action that names no field (throttling, internal errors).
fn general_error(value: Signal<Option<Result<(), AppError>>>) -> impl Fn() -> Option<AppError> {
    move || {
        value
            .get()
            .and_then(|r| r.err())
            .filter(|e| !matches!(e, AppError::Invalid(_) | AppError::Conflict(_)))
    }
}

fn notice(saved: &str) -> Option<&'static str> {
    match saved {
        "profile" => Some("Profile saved."),
        "password" => Some("Password changed. Other sessions were signed out."),
        "notifications" => Some("Notification preferences saved."),
        "notifications-reset" => {
            Some("Notification preferences follow the vendor's defaults again.")
        }
        _ => None,
    }
}

#[component]
fn Forms(p: Profile, saves: Saves) -> impl IntoView {
    let update = saves.action::<UpdateProfile, _>();
    let change = saves.action::<ChangePassword, _>();
    let update_value = Signal::derive(move || update.value().get());
    let change_value = Signal::derive(move || change.value().get());
    let update_error = general_error(update_value);
    let change_error = general_error(change_value);
    view! {
        {saves.notice(notice)}
        <p class="muted">
            {p.role_label.clone()}
            {p.organization_name.clone().map(|o| format!(" at {o}"))}
        </p>
        <ActionForm action=update attr:aria-label="Profile details">
            <h2>"Details"</h2>
            {move || update_error().map(|error| view! { <ErrorView error /> })}
            <Field
                label="First name"
                name="first_name"
                id="first_name"
                autocomplete="given-name"
                value=p.first_name.clone()
                error=field_error(update_value, "first_name")
            />
            <Field
                label="Last name"
                name="last_name"
                id="last_name"
                autocomplete="family-name"
                value=p.last_name.clone()
                error=field_error(update_value, "last_name")
            />
            <Field
                label="Email"
                name="email"
                id="email"
                kind="email"
                autocomplete="email"
                value=p.email.clone()
                error=field_error(update_value, "email")
            />
            <Field
                label="Current password"
                name="current_password"
                id="profile_current_password"
                kind="password"
                autocomplete="current-password"
                error=field_error(update_value, "current_password")
                required=false
                hint="Needed only to change your email."
            />
            <button type="submit">"Save profile"</button>
        </ActionForm>
        <ActionForm action=change attr:aria-label="Change password">
            <h2>"Password"</h2>
            {move || change_error().map(|error| view! { <ErrorView error /> })}
            <Field
                label="Current password"
                name="current_password"
                id="password_current_password"
                kind="password"
                autocomplete="current-password"
                error=field_error(change_value, "current_password")
            />
            <Field
                label="New password"
                name="new_password"
                id="new_password"
                kind="password"
                autocomplete="new-password"
                error=field_error(change_value, "new_password")
            />
            <button type="submit">"Change password"</button>
        </ActionForm>
    }
}
