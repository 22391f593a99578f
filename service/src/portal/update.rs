//! Changing the portal settings: vendor admins only, every change audited with before/after.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use serde_json::json;

use super::{Modes, PortalSettings, default_matrix, settings};
use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::portal_settings,
    permissions::{CustomerRole, Permission, PermissionSet},
    principal::Principal,
};

/// New modes.
pub type ModesInput = Modes;

/// New catalog visibility defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogInput {
    /// New products are visible to customers.
    pub products_visible_by_default: bool,
}

/// The allowed-actions table as a form posts it (checked permission ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionsInput {
    /// Ids of enabled actions.
    pub enabled: Vec<String>,
    /// Ids of customer-visible actions.
    pub visible: Vec<String>,
}

fn parse_ids(field: &str, ids: &[String]) -> Result<PermissionSet> {
    ids.iter()
        .map(|id| {
            Permission::parse(id).ok_or_else(|| {
                ServiceError::invalid(field, &format!("There is no permission “{id}”."))
            })
        })
        .collect()
}

/// Sets the portal modes.
pub async fn update_modes(
    db: &Db,
    principal: &Principal,
    modes: ModesInput,
    ip: Option<&str>,
) -> Result<PortalSettings> {
    change(db, principal, "modes", ip, |s| s.modes = modes).await
}

/// Sets the catalog visibility defaults.
pub async fn update_catalog(
    db: &Db,
    principal: &Principal,
    input: CatalogInput,
    ip: Option<&str>,
) -> Result<PortalSettings> {
    change(db, principal, "catalog", ip, |s| {
        s.products_visible_by_default = input.products_visible_by_default;
    })
    .await
}

/// Sets the maximum age of an offline request file, in days (1 to 365).
pub async fn update_offline_max_age(
    db: &Db,
    principal: &Principal,
    days: i32,
    ip: Option<&str>,
) -> Result<PortalSettings> {
    principal.require_vendor_admin()?;
    if !super::OFFLINE_MAX_AGE_DAYS.contains(&days) {
        return Err(ServiceError::invalid(
            "offline_max_age_days",
            &format!(
                "The maximum age is a number of days from {} to {}.",
                super::OFFLINE_MAX_AGE_DAYS.start(),
                super::OFFLINE_MAX_AGE_DAYS.end()
            ),
        ));
    }
    change(db, principal, "offline", ip, |s| {
        s.offline_max_age_days = days
    })
    .await
}

/// Sets which actions are enabled and which customer-visible; unknown ids are refused.
pub async fn update_actions(
    db: &Db,
    principal: &Principal,
    input: ActionsInput,
    ip: Option<&str>,
) -> Result<PortalSettings> {
    principal.require_vendor_admin()?;
    let enabled = parse_ids("enabled", &input.enabled)?;
    let visible = parse_ids("visible", &input.visible)?;
    change(db, principal, "actions", ip, |s| {
        s.actions_enabled = enabled;
        s.actions_visible = visible;
    })
    .await
}

/// Sets the whole matrix from `role:permission` pairs (the checked boxes); unknown roles or
/// permissions are refused and nothing changes.
pub async fn update_matrix(
    db: &Db,
    principal: &Principal,
    grants: &[String],
    ip: Option<&str>,
) -> Result<PortalSettings> {
    principal.require_vendor_admin()?;
    let mut matrix = [PermissionSet::EMPTY; 5];
    for g in grants {
        let (role, perm) = g.split_once(':').unwrap_or((g.as_str(), ""));
        let i = CustomerRole::parse(role)
            .and_then(|r| CustomerRole::ALL.iter().position(|q| *q == r))
            .ok_or_else(|| {
                ServiceError::invalid("grant", &format!("There is no role “{role}”."))
            })?;
        let p = Permission::parse(perm).ok_or_else(|| {
            ServiceError::invalid("grant", &format!("There is no permission “{perm}”."))
        })?;
        matrix[i].set(p, true);
    }
    change(db, principal, "matrix", ip, |s| s.matrix = matrix).await
}

/// Puts the matrix back to the defaults of DESIGN.md.
pub async fn reset_matrix(
    db: &Db,
    principal: &Principal,
    ip: Option<&str>,
) -> Result<PortalSettings> {
    change(db, principal, "matrix_reset", ip, |s| {
        s.matrix = default_matrix();
    })
    .await
}

async fn change(
    db: &Db,
    principal: &Principal,
    section: &str,
    ip: Option<&str>,
    edit: impl FnOnce(&mut PortalSettings),
) -> Result<PortalSettings> {
    principal.require_vendor_admin()?;
    let account_id = principal.account_id();
    let tx = db.begin().await?;
    let before = settings(&tx, account_id).await?;
    let mut after = before.clone();
    edit(&mut after);
    let all = PermissionSet::all();
    let m = after.modes;
    let row = portal_settings::ActiveModel {
        account_id: Set(account_id),
        portal_enabled: Set(m.portal_enabled),
        logged_in_portal_enabled: Set(m.logged_in_portal_enabled),
        secure_link_approval: Set(m.secure_link_approval),
        secure_link_payment: Set(m.secure_link_payment),
        customer_self_service: Set(m.customer_self_service),
        audit_portal_actions: Set(m.audit_portal_actions),
        products_visible_by_default: Set(after.products_visible_by_default),
        offline_max_age_days: Set(after.offline_max_age_days),
        actions_disabled: Set(json!(all.minus(after.actions_enabled).ids()).to_string()),
        actions_internal: Set(json!(all.minus(after.actions_visible).ids()).to_string()),
        matrix: Set(after.audit_json()["matrix"].to_string()),
        updated_at: Set(Utc::now()),
    };
    portal_settings::Entity::delete_by_id(account_id)
        .exec(&tx)
        .await?;
    portal_settings::Entity::insert(row)
        .exec_without_returning(&tx)
        .await?;
    crate::config_cache::changed(&tx, account_id).await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: None,
            action: "settings.portal.update",
            target_type: "account",
            target_id: account_id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({
                "section": section,
                "before": before.audit_json(),
                "after": after.audit_json(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
