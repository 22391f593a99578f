//! Issuing licenses and changing their stored status (vendor side).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
    sea_query::Expr,
};
use tracing::{info, instrument};
use uuid::Uuid;

use super::LicenseStatus;
use crate::{
    Db, Result, ServiceError,
    domain::LicenseKey,
    entities::{license, license_group, organization, product, user, user_group},
    tallies,
};

/// A license to issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLicense {
    /// Product of the account.
    pub product_id: Uuid,
    /// User it is assigned to directly.
    pub owner_user_id: Option<Uuid>,
    /// Owning organization.
    pub organization_id: Option<Uuid>,
    /// End of the license.
    pub expires_at: Option<DateTime<Utc>>,
    /// End of maintenance.
    pub maintenance_expires_at: Option<DateTime<Utc>>,
    /// Seat limit (None = unlimited).
    pub allowed_activations: Option<i64>,
    /// Deactivation limit (None = unlimited).
    pub allowed_deactivations: Option<i64>,
    /// Offline activation allowed.
    pub offline_allowed: bool,
    /// Offline lease, in days.
    pub offline_lease_days: Option<i64>,
    /// Key/value metadata.
    pub metadata: Vec<(String, String)>,
    /// Groups of the organization to link.
    pub group_ids: Vec<Uuid>,
}

/// Issues a license with a fresh random key; returns its id and key.
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn create(db: &Db, account_id: Uuid, new: NewLicense) -> Result<(Uuid, LicenseKey)> {
    let owned_product = product::Entity::find_by_id(new.product_id)
        .one(db)
        .await?
        .is_some_and(|p| p.account_id == account_id);
    if !owned_product {
        return Err(ServiceError::invalid("product_id", "No such product."));
    }
    if new.owner_user_id.is_none() && new.organization_id.is_none() {
        return Err(ServiceError::invalid(
            "owner",
            "A license needs an owner or an organization.",
        ));
    }
    if let Some(org) = new.organization_id {
        let ok = organization::Entity::find_by_id(org)
            .one(db)
            .await?
            .is_some_and(|o| o.account_id == account_id);
        if !ok {
            return Err(ServiceError::invalid(
                "organization_id",
                "No such organization.",
            ));
        }
    }
    if let Some(owner) = new.owner_user_id {
        let ok = user::Entity::find_by_id(owner)
            .one(db)
            .await?
            .is_some_and(|u| {
                u.account_id == account_id
                    && (new.organization_id.is_none() || u.organization_id == new.organization_id)
            });
        if !ok {
            return Err(ServiceError::invalid(
                "owner_user_id",
                "No such customer in this organization.",
            ));
        }
    }
    for limit in [
        new.allowed_activations,
        new.allowed_deactivations,
        new.offline_lease_days,
    ]
    .into_iter()
    .flatten()
    {
        if limit < 0 {
            return Err(ServiceError::invalid(
                "limits",
                "Limits cannot be negative.",
            ));
        }
    }
    // Metadata is shown in the portal and signed into the machine's files.
    if let Some(m) = new.metadata.iter().find_map(|(k, v)| {
        crate::domain::hidden_text(k, crate::domain::Joiners::Refused, false)
            .or_else(|| crate::domain::hidden_text(v, crate::domain::Joiners::Allowed, false))
    }) {
        return Err(ServiceError::invalid("metadata", &m));
    }
    if !new.group_ids.is_empty() {
        let groups = user_group::Entity::find()
            .filter(user_group::Column::Id.is_in(new.group_ids.clone()))
            .all(db)
            .await?;
        let ok = groups.len() == new.group_ids.len()
            && groups.iter().all(|g| {
                g.account_id == account_id && Some(g.organization_id) == new.organization_id
            });
        if !ok {
            return Err(ServiceError::invalid(
                "group_ids",
                "Groups must belong to the license's organization.",
            ));
        }
    }

    let key = LicenseKey::generate();
    let id = Uuid::now_v7();
    let now = Utc::now();
    let metadata: BTreeMap<String, String> = new.metadata.into_iter().collect();
    let stage = tallies::stage_of(new.expires_at, now);
    let tx = db.begin().await?;
    license::Entity::insert(license::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        product_id: Set(new.product_id),
        key: Set(key.as_str().to_owned()),
        owner_user_id: Set(new.owner_user_id),
        organization_id: Set(new.organization_id),
        status: Set(LicenseStatus::Active.as_str().to_owned()),
        expires_at: Set(new.expires_at),
        maintenance_expires_at: Set(new.maintenance_expires_at),
        allowed_activations: Set(new.allowed_activations),
        allowed_deactivations: Set(new.allowed_deactivations),
        activations_count: Set(0),
        deactivations_used: Set(0),
        offline_allowed: Set(new.offline_allowed),
        offline_lease_days: Set(new.offline_lease_days),
        metadata: Set(
            serde_json::to_string(&metadata).map_err(|e| ServiceError::Internal(e.to_string()))?
        ),
        created_at: Set(now),
        updated_at: Set(now),
        expiry_stage: Set(stage),
    })
    .exec_without_returning(&tx)
    .await?;
    let issued = tallies::Contribution {
        id,
        account_id,
        organization_id: new.organization_id,
        status: LicenseStatus::Active.as_str().to_owned(),
        stage,
        activations_count: 0,
        allowed_activations: new.allowed_activations,
    };
    tallies::apply(&tx, &[], &[issued]).await?;
    for group_id in new.group_ids {
        license_group::Entity::insert(license_group::ActiveModel {
            license_id: Set(id),
            group_id: Set(group_id),
        })
        .exec_without_returning(&tx)
        .await?;
    }
    tx.commit().await?;
    info!(license.id = %id, license.key = %LicenseKey::redact(key.as_str()), "License issued.");
    Ok((id, key))
}

/// Sets the stored status (`Active`, `Suspended` or `Revoked`; `Expired` is derived and
/// refused).
#[instrument(skip_all, fields(account.id = %account_id, license.id = %id))]
pub async fn set_status(db: &Db, account_id: Uuid, id: Uuid, status: LicenseStatus) -> Result<()> {
    if status == LicenseStatus::Expired {
        return Err(ServiceError::invalid(
            "status",
            "Expiry follows the expiry date; it cannot be set.",
        ));
    }
    // The row is read under the write lock, so the counters move from exactly what it was.
    let tx = crate::deactivations::begin_seat_change(db).await?;
    let before = license::Entity::find_by_id(id)
        .filter(license::Column::AccountId.eq(account_id))
        .lock_exclusive()
        .one(&*tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let after = license::Entity::update_many()
        .col_expr(license::Column::Status, Expr::value(status.as_str()))
        .col_expr(license::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(license::Column::Id.eq(id))
        .exec_with_returning(&*tx)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)?;
    tallies::apply(&*tx, &[(&before).into()], &[(&after).into()]).await?;
    tx.commit().await?;
    Ok(())
}
