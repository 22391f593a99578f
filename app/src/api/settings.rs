//! The vendor console's portal settings: vendor staff read them, vendor admins change them.
//! `service::portal` decides who may; customers and other vendors' staff are refused there.

use crate::{AppError, dto::settings::PortalSettings};
use leptos::prelude::*;

/// The portal settings of the signed-in staff member's account.
#[server(prefix = "/rpc", endpoint = "get_portal_settings")]
pub async fn get_portal_settings() -> Result<PortalSettings, AppError> {
    let s = super::context::signed_in()?;
    let settings = service::portal::view(&s.state.db, &s.principal).await?;
    Ok(super::settings_convert::portal_settings(
        &s.principal,
        &settings,
    ))
}

/// Sets the six portal modes (a checkbox each; unchecked boxes are not posted).
#[server(prefix = "/rpc", endpoint = "update_portal_modes")]
#[allow(clippy::too_many_arguments)]
pub async fn update_portal_modes(
    portal_enabled: Option<String>,
    logged_in_portal_enabled: Option<String>,
    secure_link_approval: Option<String>,
    secure_link_payment: Option<String>,
    customer_self_service: Option<String>,
    audit_portal_actions: Option<String>,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let modes = service::portal::Modes {
        portal_enabled: portal_enabled.is_some(),
        logged_in_portal_enabled: logged_in_portal_enabled.is_some(),
        secure_link_approval: secure_link_approval.is_some(),
        secure_link_payment: secure_link_payment.is_some(),
        customer_self_service: customer_self_service.is_some(),
        audit_portal_actions: audit_portal_actions.is_some(),
    };
    service::portal::update_modes(&s.state.db, &s.principal, modes, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/portal?saved=modes");
    Ok(())
}

/// Sets whether new products are visible to customers.
#[server(prefix = "/rpc", endpoint = "update_catalog_defaults")]
pub async fn update_catalog_defaults(
    products_visible_by_default: Option<String>,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let input = service::portal::CatalogInput {
        products_visible_by_default: products_visible_by_default.is_some(),
    };
    service::portal::update_catalog(&s.state.db, &s.principal, input, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/portal?saved=catalog");
    Ok(())
}

/// Sets the maximum age of offline request files, in days.
#[server(prefix = "/rpc", endpoint = "update_offline_max_age")]
pub async fn update_offline_max_age(offline_max_age_days: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let days = offline_max_age_days.trim().parse::<i32>().map_err(|_| {
        AppError::invalid(
            "offline_max_age_days",
            "Enter the maximum age as a whole number of days.",
        )
    })?;
    service::portal::update_offline_max_age(&s.state.db, &s.principal, days, s.ctx.ip.as_deref())
        .await?;
    leptos_axum::redirect("/vendor/settings/portal?saved=offline");
    Ok(())
}

/// Sets the allowed customer actions (`enabled[]` and `visible[]` hold permission ids).
#[server(prefix = "/rpc", endpoint = "update_allowed_actions")]
pub async fn update_allowed_actions(
    enabled: Option<Vec<String>>,
    visible: Option<Vec<String>>,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let input = service::portal::ActionsInput {
        enabled: enabled.unwrap_or_default(),
        visible: visible.unwrap_or_default(),
    };
    service::portal::update_actions(&s.state.db, &s.principal, input, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/portal?saved=actions");
    Ok(())
}

/// Sets the permission matrix (`grant[]` holds `role:permission` pairs of checked boxes).
#[server(prefix = "/rpc", endpoint = "update_permission_matrix")]
pub async fn update_permission_matrix(grant: Option<Vec<String>>) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::portal::update_matrix(
        &s.state.db,
        &s.principal,
        &grant.unwrap_or_default(),
        s.ctx.ip.as_deref(),
    )
    .await?;
    leptos_axum::redirect("/vendor/settings/portal?saved=matrix");
    Ok(())
}

/// Puts the permission matrix back to the defaults.
#[server(prefix = "/rpc", endpoint = "reset_permission_matrix")]
pub async fn reset_permission_matrix() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::portal::reset_matrix(&s.state.db, &s.principal, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/portal?saved=reset");
    Ok(())
}
