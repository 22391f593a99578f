//! Login throttling, counted from the audit log so it holds across servers.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{FAILURE_WINDOW, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP};
use crate::{Db, Result, entities::audit_event};

/// Seconds until a login for (email, ip) may be tried again, or None if it may be now.
///
/// The limit is reached when the N-th most recent failure is inside the window; it lifts when
/// that failure leaves the window. One indexed look-up per dimension, no count.
pub(super) async fn retry_after(
    db: &Db,
    account_id: Uuid,
    email: &str,
    ip: Option<&str>,
) -> Result<Option<u64>> {
    let by_email = nth_recent_failure(
        db,
        account_id,
        audit_event::Column::ActorEmail,
        email,
        MAX_FAILURES_PER_EMAIL,
    )
    .await?;
    let by_ip = match ip {
        Some(ip) => {
            nth_recent_failure(
                db,
                account_id,
                audit_event::Column::Ip,
                ip,
                MAX_FAILURES_PER_IP,
            )
            .await?
        }
        None => None,
    };
    let now = Utc::now();
    let wait = [by_email, by_ip]
        .into_iter()
        .flatten()
        .map(|at| (at + FAILURE_WINDOW - now).num_seconds())
        .filter(|secs| *secs > -1)
        .max();
    // Round up so the caller never retries a moment too early.
    Ok(wait.map(|secs| (secs + 1).max(1) as u64))
}

async fn nth_recent_failure(
    db: &Db,
    account_id: Uuid,
    column: audit_event::Column,
    value: &str,
    n: u64,
) -> Result<Option<chrono::DateTime<Utc>>> {
    let since = Utc::now() - FAILURE_WINDOW;
    let row = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::CreatedAt)
        .filter(audit_event::Column::AccountId.eq(account_id))
        .filter(audit_event::Column::Action.eq("auth.login"))
        .filter(audit_event::Column::Outcome.eq("failure"))
        .filter(column.eq(value))
        .filter(audit_event::Column::CreatedAt.gt(since))
        .order_by_desc(audit_event::Column::CreatedAt)
        .offset(n - 1)
        .limit(1)
        .into_tuple::<chrono::DateTime<Utc>>()
        .one(db)
        .await?;
    Ok(row)
}
