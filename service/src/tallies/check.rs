//! `keyport tallies check` and `keyport tallies rebuild`: the counters against a recount of
//! the rows, and the counters made again from the rows.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QuerySelect, Statement, TransactionTrait,
    sea_query::{Expr, Query},
};
use serde::Serialize;
use tracing::{info, instrument};
use uuid::Uuid;

use super::{STAGE_EXPIRED, STAGE_LATER, STAGE_SOON, Sums};
use crate::{
    Db, Result,
    dashboard::EXPIRING_SOON_DAYS,
    entities::{activation_day, license, license_tally},
};

/// A counter that differs from a recount of the rows it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mismatch {
    /// `license_tallies` of a scope, stored status and stage (summed over slots).
    Licenses {
        /// The account or organization.
        scope_id: Uuid,
        /// Stored status.
        status: String,
        /// Expiry stage.
        stage: i16,
        /// What the counters say: licenses, seats used, seats allowed, unlimited.
        counted: [i64; 4],
        /// What the rows say.
        recounted: [i64; 4],
    },
    /// `activation_days` of an account and day (summed over slots).
    ActivationDay {
        /// The account.
        account_id: Uuid,
        /// Days since 1970-01-01 UTC.
        day: i32,
        /// What the counter says.
        counted: i64,
        /// What the rows say.
        recounted: i64,
    },
    /// A license whose stored stage is ahead of its expiry date (an expiry edited without
    /// its stage): stages may lag the clock, never lead it.
    StageAhead {
        /// The license.
        license_id: Uuid,
        /// Its stored stage.
        stage: i16,
        /// Its stage at the check's time.
        real: i16,
    },
}

/// A scope, stored status and stage, and its licenses, seats used, seats allowed, unlimited.
type GroupRow = (Option<Uuid>, String, i16, i64, i64, i64, i64);

/// Every counter that differs from a recount of its rows at `now`, and every license whose
/// stage is ahead of its expiry date; empty when all is well. Reads one snapshot on
/// PostgreSQL (repeatable read), so it may run while the server writes.
#[instrument(skip_all)]
pub async fn recount(db: &Db, now: DateTime<Utc>) -> Result<Vec<Mismatch>> {
    let tx = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.begin_with_config(Some(sea_orm::IsolationLevel::RepeatableRead), None)
                .await?
        }
        _ => db.begin().await?,
    };
    let mut out = Vec::new();

    let mut counted: BTreeMap<(Uuid, String, i16), Sums> = BTreeMap::new();
    for r in license_tally::Entity::find().all(&tx).await? {
        counted
            .entry((r.scope_id, r.status, r.stage))
            .or_default()
            .add(Sums {
                licenses: r.licenses,
                seats_used: r.seats_used,
                seats_allowed: r.seats_allowed,
                unlimited: r.unlimited,
            });
    }
    let mut recounted: BTreeMap<(Uuid, String, i16), Sums> = BTreeMap::new();
    for scope in [license::Column::AccountId, license::Column::OrganizationId] {
        let rows: Vec<GroupRow> = license::Entity::find()
            .select_only()
            .column(scope)
            .column(license::Column::Status)
            .column(license::Column::ExpiryStage)
            .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
            .column_as(Expr::cust("CAST(SUM(activations_count) AS BIGINT)"), "used")
            .column_as(
                Expr::cust("CAST(SUM(COALESCE(allowed_activations, 0)) AS BIGINT)"),
                "allowed",
            )
            .column_as(
                Expr::cust(
                    "CAST(SUM(CASE WHEN allowed_activations IS NULL THEN 1 ELSE 0 END) AS BIGINT)",
                ),
                "unlimited",
            )
            .filter(scope.is_not_null())
            .group_by(scope)
            .group_by(license::Column::Status)
            .group_by(license::Column::ExpiryStage)
            .into_tuple()
            .all(&tx)
            .await?;
        for (scope_id, status, stage, n, used, allowed, unlimited) in rows {
            let Some(scope_id) = scope_id else { continue };
            recounted.insert(
                (scope_id, status, stage),
                Sums {
                    licenses: n,
                    seats_used: used,
                    seats_allowed: allowed,
                    unlimited,
                },
            );
        }
    }
    let arr = |s: &Sums| [s.licenses, s.seats_used, s.seats_allowed, s.unlimited];
    for key in counted
        .keys()
        .chain(recounted.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let a = counted.get(key).copied().unwrap_or_default();
        let b = recounted.get(key).copied().unwrap_or_default();
        if a != b {
            out.push(Mismatch::Licenses {
                scope_id: key.0,
                status: key.1.clone(),
                stage: key.2,
                counted: arr(&a),
                recounted: arr(&b),
            });
        }
    }

    let mut days: BTreeMap<(Uuid, i32), (i64, i64)> = BTreeMap::new();
    for d in activation_day::Entity::find().all(&tx).await? {
        days.entry((d.account_id, d.day)).or_default().0 += d.activations;
    }
    let backend = tx.get_database_backend();
    let day = day_sql(backend, "activated_at");
    for row in tx
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT account_id, {day} AS day, CAST(COUNT(*) AS BIGINT) AS n \
                 FROM activations GROUP BY account_id, {day}"
            ),
        ))
        .await?
    {
        let account_id: Uuid = row.try_get("", "account_id")?;
        let day: i32 = row.try_get("", "day")?;
        let n: i64 = row.try_get("", "n")?;
        days.entry((account_id, day)).or_default().1 += n;
    }
    for ((account_id, day), (counted, recounted)) in days {
        if counted != recounted {
            out.push(Mismatch::ActivationDay {
                account_id,
                day,
                counted,
                recounted,
            });
        }
    }

    let soon = now + Duration::days(EXPIRING_SOON_DAYS);
    let later = Condition::any()
        .add(license::Column::ExpiresAt.is_null())
        .add(license::Column::ExpiresAt.gt(soon));
    let ahead: Vec<(Uuid, i16, Option<DateTime<Utc>>)> = license::Entity::find()
        .select_only()
        .column(license::Column::Id)
        .column(license::Column::ExpiryStage)
        .column(license::Column::ExpiresAt)
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(license::Column::ExpiryStage.eq(STAGE_EXPIRED))
                        .add(
                            Condition::any()
                                .add(license::Column::ExpiresAt.is_null())
                                .add(license::Column::ExpiresAt.gt(now)),
                        ),
                )
                .add(
                    Condition::all()
                        .add(license::Column::ExpiryStage.eq(STAGE_SOON))
                        .add(later),
                ),
        )
        .into_tuple()
        .all(&tx)
        .await?;
    for (license_id, stage, expires_at) in ahead {
        out.push(Mismatch::StageAhead {
            license_id,
            stage,
            real: super::stage_of(expires_at, now),
        });
    }
    tx.commit().await?;
    Ok(out)
}

/// Sets every license's stage at `now` and makes every counter again from the rows, in one
/// transaction that keeps writers out meanwhile (SQLite's write lock; on PostgreSQL, licenses
/// and activations are locked against writes). For a repair after `check` found a mismatch,
/// and for bulk loads (`seed-scale`).
#[instrument(skip_all)]
pub async fn rebuild(db: &Db, now: DateTime<Utc>) -> Result<()> {
    let tx = crate::deactivations::begin_seat_change(db).await?;
    let backend = tx.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        tx.execute_unprepared("LOCK TABLE licenses, activations IN SHARE MODE")
            .await?;
        tx.execute_unprepared("LOCK TABLE license_tallies, activation_days IN EXCLUSIVE MODE")
            .await?;
    }
    let soon = now + Duration::days(EXPIRING_SOON_DAYS);
    let stages = [
        (
            STAGE_EXPIRED,
            Condition::all().add(license::Column::ExpiresAt.lte(now)),
        ),
        (
            STAGE_SOON,
            Condition::all()
                .add(license::Column::ExpiresAt.gt(now))
                .add(license::Column::ExpiresAt.lte(soon)),
        ),
        (
            STAGE_LATER,
            Condition::any()
                .add(license::Column::ExpiresAt.is_null())
                .add(license::Column::ExpiresAt.gt(soon)),
        ),
    ];
    for (stage, when) in stages {
        tx.execute(
            Query::update()
                .table(license::Entity)
                .value(license::Column::ExpiryStage, stage)
                .cond_where(when)
                .and_where(license::Column::ExpiryStage.ne(stage)),
        )
        .await?;
    }
    tx.execute_unprepared("DELETE FROM license_tallies").await?;
    tx.execute_unprepared("DELETE FROM activation_days").await?;
    // Into slot 0: a slot is a partial sum; only the sum over slots means anything.
    let sums = "CAST(COUNT(*) AS BIGINT), CAST(SUM(activations_count) AS BIGINT), \
                CAST(SUM(COALESCE(allowed_activations, 0)) AS BIGINT), \
                CAST(SUM(CASE WHEN allowed_activations IS NULL THEN 1 ELSE 0 END) AS BIGINT)";
    let columns = "(scope_id, account_id, status, stage, slot, licenses, seats_used, \
                   seats_allowed, unlimited)";
    tx.execute_unprepared(&format!(
        "INSERT INTO license_tallies {columns} \
         SELECT account_id, account_id, status, expiry_stage, 0, {sums} FROM licenses \
         GROUP BY account_id, status, expiry_stage"
    ))
    .await?;
    tx.execute_unprepared(&format!(
        "INSERT INTO license_tallies {columns} \
         SELECT organization_id, account_id, status, expiry_stage, 0, {sums} FROM licenses \
         WHERE organization_id IS NOT NULL \
         GROUP BY organization_id, account_id, status, expiry_stage"
    ))
    .await?;
    let day = day_sql(backend, "activated_at");
    tx.execute_unprepared(&format!(
        "INSERT INTO activation_days (account_id, day, slot, activations) \
         SELECT account_id, {day}, 0, CAST(COUNT(*) AS BIGINT) FROM activations \
         GROUP BY account_id, {day}"
    ))
    .await?;
    tx.commit().await?;
    info!("The dashboard counters were rebuilt from the rows.");
    Ok(())
}

/// The UTC day of a timestamp column, as days since 1970-01-01 ([`super::day_of`] in SQL;
/// SQLite stores timestamps as RFC 3339 text).
fn day_sql(backend: DatabaseBackend, column: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            format!("CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / 86400) AS INTEGER)")
        }
        _ => format!("CAST(strftime('%s', {column}) AS INTEGER) / 86400"),
    }
}
