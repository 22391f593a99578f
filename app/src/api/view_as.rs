//! "View as customer" for vendor staff (`/vendor/view-as`).

use crate::{AppError, dto::settings::ViewAsCustomer};
use leptos::prelude::*;

/// The customer users staff may view the portal as.
#[server(prefix = "/rpc", endpoint = "list_view_as_customers")]
pub async fn list_view_as_customers() -> Result<Vec<ViewAsCustomer>, AppError> {
    let s = super::context::signed_in()?;
    Ok(service::view_as::customers(&s.state.db, &s.principal)
        .await?
        .into_iter()
        .map(|c| ViewAsCustomer {
            id: c.id,
            name: c.name,
            email: c.email,
            organization_name: c.organization_name,
            role_label: c.role_label,
        })
        .collect())
}

/// Opens the portal as `user_id`, read-only, on this staff session.
#[server(prefix = "/rpc", endpoint = "start_view_as")]
pub async fn start_view_as(user_id: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = uuid::Uuid::parse_str(user_id.trim())
        .map_err(|_| AppError::invalid("user_id", "Choose a customer user."))?;
    let token = s.ctx.session_token.clone().ok_or(AppError::Unauthorized)?;
    service::view_as::start(&s.state.db, &s.principal, &token, id, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Goes back to the vendor console.
#[server(prefix = "/rpc", endpoint = "end_view_as")]
pub async fn end_view_as() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let token = s.ctx.session_token.clone().ok_or(AppError::Unauthorized)?;
    service::view_as::end(&s.state.db, &s.principal, &token, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/view-as?ended=1");
    Ok(())
}
