//! Vendor staff issue licenses and change their status from the console, audited.
//!
//! `create` and `set_status` are the account-level primitives (the CLI and the demo use them);
//! these wrappers add who may do it (vendor admins) and the audit event with before/after.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{LicenseStatus, NewLicense, create};
use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    domain::LicenseKey,
    entities::{license, organization, product, user},
    principal::Principal,
};

/// A product as the license form offers it, with its published verification key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductKeyInfo {
    /// Product id.
    pub id: Uuid,
    /// Product name.
    pub name: String,
    /// Key id of the active signing key.
    pub kid: String,
    /// Public key of the active signing key (as served by the API).
    pub public_key: String,
}

/// What the license form chooses from: the account's products and organizations (the owner
/// is named by email).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueChoices {
    /// Products, by name.
    pub products: Vec<ProductKeyInfo>,
    /// Organizations (id, name), by name.
    pub organizations: Vec<(Uuid, String)>,
}

/// A status change the console offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// Active -> suspended (reversible).
    Suspend,
    /// Suspended -> active.
    Reinstate,
    /// Anything -> revoked (final).
    Revoke,
}

impl StatusChange {
    /// Parses `suspend`, `reinstate` or `revoke`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "suspend" => Some(Self::Suspend),
            "reinstate" => Some(Self::Reinstate),
            "revoke" => Some(Self::Revoke),
            _ => None,
        }
    }

    fn target(self) -> LicenseStatus {
        match self {
            Self::Suspend => LicenseStatus::Suspended,
            Self::Reinstate => LicenseStatus::Active,
            Self::Revoke => LicenseStatus::Revoked,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Self::Suspend => "license.suspend",
            Self::Reinstate => "license.reinstate",
            Self::Revoke => "license.revoke",
        }
    }
}

fn staff(principal: &Principal) -> Result<&crate::principal::StaffPrincipal> {
    match principal {
        Principal::Staff(s) => Ok(s),
        Principal::Customer(_) => Err(ServiceError::Forbidden),
    }
}

/// The form's choices (vendor staff; support reads them too).
pub async fn choices(db: &Db, principal: &Principal) -> Result<IssueChoices> {
    let account_id = staff(principal)?.account_id;
    let products = product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .order_by_asc(product::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ProductKeyInfo {
            id: p.id,
            name: p.name,
            kid: p.kid,
            public_key: p.public_key,
        })
        .collect();
    let organizations = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(account_id))
        .order_by_asc(organization::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(IssueChoices {
        products,
        organizations,
    })
}

/// Issues a license in the admin's account; audited as `license.create`.
/// The account's customer with this email (any case), as a license's owner: the form
/// takes an email, never a list of every customer (5,000 users made it a 1 MB page).
/// `Invalid{field}` with a sentence when there is none.
pub async fn customer_by_email(
    db: &Db,
    principal: &Principal,
    field: &str,
    email: &str,
) -> Result<Uuid> {
    let account_id = staff(principal)?.account_id;
    let email = email.trim().to_lowercase();
    user::Entity::find()
        .filter(user::Column::AccountId.eq(account_id))
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Kind.eq(user::KIND_CUSTOMER))
        .one(db)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| ServiceError::invalid(field, "No customer of yours has this email address."))
}

pub async fn issue(
    db: &Db,
    principal: &Principal,
    new: NewLicense,
    ip: Option<&str>,
) -> Result<(Uuid, LicenseKey)> {
    principal.require_vendor_admin()?;
    let account_id = principal.account_id();
    let details = json!({
        "after": {
            "product_id": new.product_id,
            "owner_user_id": new.owner_user_id,
            "organization_id": new.organization_id,
            "expires_at": new.expires_at,
            "maintenance_expires_at": new.maintenance_expires_at,
            "allowed_activations": new.allowed_activations,
            "allowed_deactivations": new.allowed_deactivations,
            "offline_allowed": new.offline_allowed,
            "offline_lease_days": new.offline_lease_days,
        }
    });
    let organization_id = new.organization_id;
    let (id, key) = create(db, account_id, new).await?;
    audit::record(
        db,
        AuditEntry {
            account_id,
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id,
            action: "license.create",
            target_type: "license",
            target_id: id.to_string(),
            outcome: Outcome::Success,
            ip,
            // The key itself never goes to the audit log; its redacted form does.
            details: {
                let mut d = details;
                d["after"]["key"] = json!(LicenseKey::redact(key.as_str()));
                d
            },
        },
    )
    .await?;
    Ok((id, key))
}

/// Suspends, reinstates or revokes a license of the admin's account; audited with the stored
/// status before and after. A revoked license stays revoked; a change to the status it already
/// has is refused with `Conflict`.
pub async fn change_status(
    db: &Db,
    principal: &Principal,
    id: Uuid,
    change: StatusChange,
    ip: Option<&str>,
) -> Result<LicenseStatus> {
    principal.require_vendor_admin()?;
    let account_id = principal.account_id();
    let found = license::Entity::find_by_id(id)
        .filter(license::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = found.status.clone();
    let target = change.target();
    if before == LicenseStatus::Revoked.as_str() {
        return Err(ServiceError::conflict(
            "status",
            "This license is revoked; revoking is final.",
        ));
    }
    if before == target.as_str() {
        return Err(ServiceError::conflict(
            "status",
            &format!("This license is already {}.", target.as_str()),
        ));
    }
    if change == StatusChange::Reinstate && before != LicenseStatus::Suspended.as_str() {
        return Err(ServiceError::conflict(
            "status",
            "Only a suspended license can be reinstated.",
        ));
    }
    // The change and its audit event commit together; the status is checked again in the
    // UPDATE so a concurrent change cannot be overwritten unseen.
    let tx = db.begin().await?;
    // `RETURNING`: the row as this statement left it, under its lock; only the status
    // changed, so the counters move from that row with the status it had.
    let Some(changed) = license::Entity::update_many()
        .col_expr(license::Column::Status, Expr::value(target.as_str()))
        .col_expr(license::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(license::Column::Id.eq(id))
        .filter(license::Column::AccountId.eq(account_id))
        .filter(license::Column::Status.eq(before.clone()))
        .exec_with_returning(&tx)
        .await?
        .into_iter()
        .next()
    else {
        return Err(ServiceError::conflict(
            "status",
            "The license changed meanwhile; reload and try again.",
        ));
    };
    let after = crate::tallies::Contribution::from(&changed);
    let was = crate::tallies::Contribution {
        status: before.clone(),
        ..after.clone()
    };
    crate::tallies::apply(&tx, &[was], &[after]).await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: found.organization_id,
            action: change.action(),
            target_type: "license",
            target_id: id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({ "before": { "status": before }, "after": { "status": target.as_str() } }),
        },
    )
    .await?;
    crate::notifications::triggers::status_changed(&tx, &found, target).await?;
    tx.commit().await?;
    Ok(target)
}
