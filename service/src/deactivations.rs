//! Freeing a seat: online (API), with an offline proof, or from the portal. Every way counts
//! against `allowed_deactivations`, in one transaction with the seat count.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use tracing::{info, instrument};
use uuid::Uuid;

use crate::{
    Db, Principal, Result, Scope, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::{activation, license},
    licenses::visible,
    portal,
    refusal::Refusal,
};

/// How a machine was deactivated (stored in `activations.deactivation_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeactivationMethod {
    /// By the application over the API.
    Online,
    /// By uploading a deactivation request signed by the client key.
    OfflineProof,
    /// By a person in the portal, without proof from the machine ("force release").
    Portal,
}

impl DeactivationMethod {
    /// The stored id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::OfflineProof => "offline-proof",
            Self::Portal => "portal",
        }
    }
}

/// Who deactivates (None for the API: the machine itself).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Actor<'a> {
    pub(crate) user_id: Option<Uuid>,
    pub(crate) email: &'a str,
    pub(crate) ip: Option<&'a str>,
    /// A customer in the portal: recorded only while the account records portal actions.
    /// Staff and the API (the machine itself) are always recorded.
    pub(crate) customer: bool,
}

/// A transaction that serializes seat changes on SQLite (PostgreSQL locks the license row).
pub(crate) async fn begin_seat_change(db: &Db) -> Result<SeatChange> {
    let turn = crate::db::writer_turn(db).await;
    let tx = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(SeatChange { tx, _turn: turn })
}

/// A seat-changing transaction and, on a SQLite file, this process's turn to write
/// ([`crate::db::writer_turn`]), held until it commits or is dropped.
pub(crate) struct SeatChange {
    tx: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl SeatChange {
    /// Commits, then lets the next writer go.
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl std::ops::Deref for SeatChange {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

/// Ends `activation` inside `tx`: frees its seat and counts one deactivation, or refuses when
/// it is already ended or the license has no deactivation left.
pub(crate) async fn deactivate_in(
    tx: &DatabaseTransaction,
    activation: &activation::Model,
    method: DeactivationMethod,
    actor: Actor<'_>,
    channel: &str,
) -> Result<DateTime<Utc>> {
    let lic = license::Entity::find_by_id(activation.license_id)
        .filter(license::Column::AccountId.eq(activation.account_id))
        .lock_exclusive()
        .one(tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Re-read under the lock: a concurrent deactivation may have ended it meanwhile.
    let current = activation::Entity::find_by_id(activation.id)
        .one(tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if current.deactivated_at.is_some() {
        return Err(Refusal::AlreadyDeactivated.into());
    }
    let now = Utc::now();
    let mut free_seat = license::Entity::update_many()
        .col_expr(
            license::Column::ActivationsCount,
            Expr::col(license::Column::ActivationsCount).sub(1),
        )
        .col_expr(
            license::Column::DeactivationsUsed,
            Expr::col(license::Column::DeactivationsUsed).add(1),
        )
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::Id.eq(lic.id));
    if lic.allowed_deactivations.is_some() {
        free_seat = free_seat.filter(
            Expr::col(license::Column::DeactivationsUsed)
                .lt(Expr::col(license::Column::AllowedDeactivations)),
        );
    }
    if free_seat.exec(tx).await?.rows_affected == 0 {
        return Err(Refusal::DeactivationLimitReached.into());
    }
    // `lic` was read under the row's lock: the counters move by exactly this seat.
    let before = crate::tallies::Contribution::from(&lic);
    let after = crate::tallies::Contribution {
        activations_count: before.activations_count - 1,
        ..before.clone()
    };
    crate::tallies::apply(tx, &[before], &[after]).await?;
    activation::Entity::update(activation::ActiveModel {
        id: Set(activation.id),
        deactivated_at: Set(Some(now)),
        deactivated_by: Set(actor.user_id),
        deactivation_method: Set(Some(method.as_str().to_owned())),
        ..Default::default()
    })
    .exec(tx)
    .await?;
    let entry = AuditEntry {
        account_id: activation.account_id,
        actor_user_id: actor.user_id,
        actor_email: actor.email,
        organization_id: lic.organization_id,
        action: "license.deactivate",
        target_type: "license",
        target_id: lic.id.to_string(),
        outcome: Outcome::Success,
        ip: actor.ip,
        details: json!({
            "activation_id": activation.id,
            "channel": channel,
            "method": method.as_str(),
            "hostname": activation.hostname,
        }),
    };
    if actor.customer {
        portal::record_customer_action(tx, entry).await?;
    } else {
        audit::record(tx, entry).await?;
    }
    info!(activation.id = %activation.id, method = method.as_str(), "Machine deactivated.");
    Ok(now)
}

/// A live or ended activation of a license visible to `scope`, or `NotFound`.
pub(crate) async fn visible_activation<C: sea_orm::ConnectionTrait>(
    conn: &C,
    scope: &Scope,
    activation_id: Uuid,
) -> Result<activation::Model> {
    let found = activation::Entity::find_by_id(activation_id)
        .filter(activation::Column::AccountId.eq(scope.account_id()))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    license::Entity::find_by_id(found.license_id)
        .filter(visible(scope))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(found)
}

/// A person frees a machine's seat of license `license_id` from the portal (the caller
/// checked `machines.deactivate`). Counts against `allowed_deactivations`; audited with
/// channel `portal`. A machine of any other license is `NotFound`, as a crafted pair of ids
/// must change nothing.
#[instrument(skip_all, fields(account.id = %principal.account_id(), activation.id = %activation_id))]
pub async fn deactivate_from_portal(
    db: &Db,
    principal: &Principal,
    license_id: Uuid,
    activation_id: Uuid,
    ip: Option<&str>,
) -> Result<()> {
    let tx = begin_seat_change(db).await?;
    let found = visible_activation(&*tx, &Scope::of(principal), activation_id).await?;
    if found.license_id != license_id {
        return Err(ServiceError::NotFound);
    }
    let actor = Actor {
        user_id: Some(principal.user_id()),
        email: principal.email(),
        ip,
        customer: matches!(principal, Principal::Customer(_)),
    };
    deactivate_in(&tx, &found, DeactivationMethod::Portal, actor, "portal").await?;
    tx.commit().await?;
    Ok(())
}
