//! Machines (activations) of a license, from the portal.

use crate::AppError;
use leptos::prelude::*;

/// Frees a machine's seat without proof from the machine (counts against the license's
/// allowed deactivations; audited with channel `portal`), then shows the license again.
#[server(prefix = "/rpc", endpoint = "deactivate_machine")]
pub async fn deactivate_machine(license_id: String, activation_id: String) -> Result<(), AppError> {
    use service::permissions::Permission;

    let s = super::context::signed_in()?;
    if !s.principal.can(Permission::MachinesDeactivate) {
        return Err(AppError::Forbidden);
    }
    let license_id = uuid::Uuid::parse_str(&license_id).map_err(|_| AppError::NotFound)?;
    let activation_id = uuid::Uuid::parse_str(&activation_id).map_err(|_| AppError::NotFound)?;
    service::deactivations::deactivate_from_portal(
        &s.state.db,
        &s.principal,
        license_id,
        activation_id,
        s.ctx.ip.as_deref(),
    )
    .await?;
    leptos_axum::redirect(&format!("/licenses/{license_id}?saved=deactivated"));
    Ok(())
}
