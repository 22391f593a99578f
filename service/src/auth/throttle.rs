//! Sign-in throttling, counted in the database so it holds across servers.
//!
//! Each attempt is counted as a failure *before* its password is checked, by one atomic
//! upsert per key (`login_throttle`), and handed back when it turns out not to be a wrong
//! password. Checking a count and recording the failure as two steps (as the audit log once
//! served) let 16 attempts arriving together all pass a limit of 30 with 29 counted, so 44
//! got through; with the reservation, the N+1-th concurrent attempt sees N already counted.
//!
//! Windows are fixed: the first failure after a quiet window starts one of
//! [`FAILURE_WINDOW`], and the limit lifts when it ends.
//!
//! Three counts per account: an email from one IP (5: a client guessing one user's password
//! locks only itself out), an IP whatever the emails (30), and an email from every IP (50: a
//! guess spread over many addresses locks that email for everyone, which is the price of
//! stopping it; below that, nobody can lock a user out from one address).

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use tracing::warn;
use uuid::Uuid;

use super::{
    FAILURE_WINDOW, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_EMAIL_FROM_ONE_IP, MAX_FAILURES_PER_IP,
};
use crate::{Db, Result, ServiceError, entities::login_throttle};

/// The counts one attempt took, to hand back if it succeeds.
#[derive(Debug)]
pub(super) struct Reservation {
    account_id: Uuid,
    keys: Vec<String>,
}

/// Counts the attempt against its email and its IP; `RateLimited` when either is past its
/// limit (the attempt stays counted: a refused attempt is a failed one).
pub(super) async fn reserve(
    db: &Db,
    account_id: Uuid,
    email: &str,
    ip: Option<&str>,
) -> Result<Reservation> {
    let now = Utc::now();
    let mut limits = vec![(format!("email:{email}"), MAX_FAILURES_PER_EMAIL)];
    if let Some(ip) = ip {
        limits.push((format!("ip:{ip}"), MAX_FAILURES_PER_IP));
        limits.push((
            format!("ip-email:{ip} {email}"),
            MAX_FAILURES_PER_EMAIL_FROM_ONE_IP,
        ));
    }
    let mut wait = None;
    for (key, limit) in &limits {
        let counted = count(db, account_id, key, now).await?;
        if u64::try_from(counted.failures).unwrap_or(0) > *limit {
            let secs = seconds_left(counted.window_start, now);
            wait = Ord::max(wait, Some(secs));
        }
    }
    if let Some(retry_after_secs) = wait {
        warn!(retry_after_secs, "Login refused: too many recent failures.");
        return Err(ServiceError::RateLimited { retry_after_secs });
    }
    Ok(Reservation {
        account_id,
        keys: limits.into_iter().map(|(key, _)| key).collect(),
    })
}

/// Hands back what [`reserve`] counted: the attempt was not a wrong password.
pub(super) async fn release(db: &Db, r: &Reservation) -> Result<()> {
    let failures = Expr::col(login_throttle::Column::Failures);
    login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::Failures, failures.clone().sub(1))
        .filter(login_throttle::Column::AccountId.eq(r.account_id))
        .filter(login_throttle::Column::Key.is_in(r.keys.clone()))
        .filter(failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Adds one failure to `key` (starting a new window when the last one is over) and returns
/// the row as it now is, in one statement.
async fn count(
    db: &Db,
    account_id: Uuid,
    key: &str,
    now: DateTime<Utc>,
) -> Result<login_throttle::Model> {
    use login_throttle::{Column, Entity};
    let over = Expr::col((Entity, Column::WindowStart)).lte(now - FAILURE_WINDOW);
    let update = OnConflict::columns([Column::AccountId, Column::Key])
        .value(
            Column::Failures,
            Expr::case(over.clone(), 1).finally(Expr::col((Entity, Column::Failures)).add(1)),
        )
        .value(
            Column::WindowStart,
            Expr::case(over, now).finally(Expr::col((Entity, Column::WindowStart))),
        )
        .to_owned();
    let row = login_throttle::ActiveModel {
        account_id: sea_orm::ActiveValue::Set(account_id),
        key: sea_orm::ActiveValue::Set(key.to_owned()),
        window_start: sea_orm::ActiveValue::Set(now),
        failures: sea_orm::ActiveValue::Set(1),
    };
    Ok(Entity::insert(row)
        .on_conflict(update)
        .exec_with_returning(db)
        .await?)
}

/// Whole seconds until the window that began at `start` ends, at least 1 (rounded up, so
/// the caller never retries a moment too early).
fn seconds_left(start: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    let left = (start + FAILURE_WINDOW - now).num_milliseconds();
    Ord::max(u64::try_from((left + 999) / 1000).unwrap_or(0), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_rounds_up_and_is_never_zero() {
        let now = Utc::now();
        assert_eq!(seconds_left(now, now), 900);
        assert_eq!(
            seconds_left(
                now - FAILURE_WINDOW + chrono::Duration::milliseconds(1),
                now
            ),
            1
        );
        assert_eq!(seconds_left(now - FAILURE_WINDOW * 2, now), 1);
    }
}
