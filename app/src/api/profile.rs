//! The signed-in user's own profile and password.

use crate::{AppError, dto::Profile};
use leptos::prelude::*;

/// The user's profile.
#[server(prefix = "/rpc", endpoint = "get_profile")]
pub async fn get_profile() -> Result<Profile, AppError> {
    let s = super::context::signed_in()?;
    let p = service::profile::get(&s.principal);
    Ok(Profile {
        first_name: p.first_name,
        last_name: p.last_name,
        email: p.email,
        role_label: p.role_label,
        organization_name: p.organization_name,
    })
}

/// Changes name and email; the current password confirms it is really the user.
#[server(prefix = "/rpc", endpoint = "update_profile")]
pub async fn update_profile(
    first_name: String,
    last_name: String,
    email: String,
    current_password: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let input = service::profile::ProfileUpdate {
        first_name,
        last_name,
        email,
        current_password: current_password.into(),
    };
    service::profile::update(
        &s.state.db,
        &s.state.passwords,
        &s.principal,
        input,
        s.ctx.ip,
    )
    .await?;
    leptos_axum::redirect("/profile?saved=profile");
    Ok(())
}

/// Changes the password and signs out every other session of the user.
#[server(prefix = "/rpc", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let token = s.ctx.session_token.clone().ok_or(AppError::Unauthorized)?;
    service::profile::change_password(
        &s.state.db,
        &s.state.passwords,
        &s.principal,
        current_password.into(),
        new_password.into(),
        &token,
        s.ctx.ip,
    )
    .await?;
    leptos_axum::redirect("/profile?saved=password");
    Ok(())
}
