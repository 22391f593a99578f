//! The figures of a scope, exact at `now`: the counters plus a correction for the licenses
//! whose stored stage lags the clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, FromQueryResult,
    sea_query::{Alias, Expr, ExprTrait, Query, UnionType},
};

use super::{STAGE_LATER, STAGE_SOON, Sums, effective, stage_of};
use crate::{
    Db, Result,
    dashboard::{EXPIRING_SOON_DAYS, StatusCounts},
    entities::{license, license_tally},
    licenses::{LicenseStatus, visible},
    principal::Scope,
};

/// A scope's licenses per effective status, and the seats of its active ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Licenses per effective status.
    pub counts: StatusCounts,
    /// Seats in use on active licenses.
    pub seats_used: i64,
    /// Seat limits of active licenses (unlimited ones count 0).
    pub seats_allowed: i64,
    /// Active licenses with unlimited seats.
    pub unlimited: i64,
}

/// The figures of what `scope` sees, at `now`, when it is a counted scope: vendor staff (the
/// account) or a customer who sees the whole organization. None for anyone else (members,
/// viewers, individuals), whose licenses are the few assigned to them and are counted by the
/// caller.
pub async fn figures(db: &Db, scope: &Scope, now: DateTime<Utc>) -> Result<Option<Figures>> {
    let scope_id = match scope.customer() {
        None => scope.account_id(),
        Some(c) => match (c.view_all, c.organization_id) {
            (true, Some(org)) => org,
            _ => return Ok(None),
        },
    };
    // The counters and the correction in one statement, so one snapshot (a stage moved by
    // the job between two reads would be counted twice or not at all) without a
    // transaction's extra round trips: the scope's counter rows, then the licenses whose
    // stored stage lags `now` (the job moves them within a minute; two index ranges of
    // (scope, expiry_stage, expires_at)), each as the contribution it is counted with.
    let soon = now + Duration::days(EXPIRING_SOON_DAYS);
    let (t, l) = (license_tally::Entity, license::Entity);
    let mut counters = Query::select();
    counters
        .expr_as(
            Expr::col((t, license_tally::Column::Status)),
            Alias::new("status"),
        )
        .expr_as(
            Expr::col((t, license_tally::Column::Stage)),
            Alias::new("stage"),
        )
        .expr_as(
            Expr::col((t, license_tally::Column::Licenses)),
            Alias::new("licenses"),
        )
        .expr_as(
            Expr::col((t, license_tally::Column::SeatsUsed)),
            Alias::new("seats_used"),
        )
        .expr_as(
            Expr::col((t, license_tally::Column::SeatsAllowed)),
            Alias::new("seats_allowed"),
        )
        .expr_as(
            Expr::col((t, license_tally::Column::Unlimited)),
            Alias::new("unlimited"),
        )
        .expr_as(Expr::cust("NULL"), Alias::new("expires_at"))
        .from(t)
        .and_where(Expr::col((t, license_tally::Column::ScopeId)).eq(scope_id))
        .and_where(Expr::col((t, license_tally::Column::AccountId)).eq(scope.account_id()));
    let mut lagging = Query::select();
    lagging
        .expr_as(
            Expr::col((l, license::Column::Status)),
            Alias::new("status"),
        )
        .expr_as(
            Expr::col((l, license::Column::ExpiryStage)),
            Alias::new("stage"),
        )
        .expr_as(Expr::cust("1"), Alias::new("licenses"))
        .expr_as(
            Expr::col((l, license::Column::ActivationsCount)),
            Alias::new("seats_used"),
        )
        .expr_as(
            Expr::cust("COALESCE(\"licenses\".\"allowed_activations\", 0)"),
            Alias::new("seats_allowed"),
        )
        .expr_as(
            Expr::cust("CASE WHEN \"licenses\".\"allowed_activations\" IS NULL THEN 1 ELSE 0 END"),
            Alias::new("unlimited"),
        )
        .expr_as(
            Expr::col((l, license::Column::ExpiresAt)),
            Alias::new("expires_at"),
        )
        .from(l)
        .cond_where(
            Condition::all().add(visible(scope)).add(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(license::Column::ExpiryStage.eq(STAGE_LATER))
                            .add(license::Column::ExpiresAt.lte(soon)),
                    )
                    .add(
                        Condition::all()
                            .add(license::Column::ExpiryStage.eq(STAGE_SOON))
                            .add(license::Column::ExpiresAt.lte(now)),
                    ),
            ),
        );
    counters.union(UnionType::All, lagging);
    let stmt = db.get_database_backend().build(&counters);
    let mut sums: BTreeMap<(String, i16), Sums> = BTreeMap::new();
    for r in Row::find_by_statement(stmt).all(db).await? {
        let row = Sums {
            licenses: r.licenses,
            seats_used: r.seats_used,
            seats_allowed: r.seats_allowed,
            unlimited: r.unlimited,
        };
        match r.expires_at {
            // A counter row.
            None => sums.entry((r.status, r.stage)).or_default().add(row),
            // A lagging license: out of its stored stage, into its real one.
            Some(at) => {
                sums.entry((r.status.clone(), r.stage))
                    .or_default()
                    .add(negated(row));
                sums.entry((r.status, stage_of(Some(at), now)))
                    .or_default()
                    .add(row);
            }
        }
    }
    Ok(Some(total(&sums)))
}

/// A counter row (no `expires_at`) or a lagging license's contribution (its `expires_at`).
#[derive(Debug, FromQueryResult)]
struct Row {
    status: String,
    stage: i16,
    licenses: i64,
    seats_used: i64,
    seats_allowed: i64,
    unlimited: i64,
    expires_at: Option<DateTime<Utc>>,
}

fn negated(s: Sums) -> Sums {
    Sums {
        licenses: -s.licenses,
        seats_used: -s.seats_used,
        seats_allowed: -s.seats_allowed,
        unlimited: -s.unlimited,
    }
}

fn total(sums: &BTreeMap<(String, i16), Sums>) -> Figures {
    let mut f = Figures::default();
    for ((status, stage), s) in sums {
        let counts = &mut f.counts;
        match effective(status, *stage) {
            LicenseStatus::Active => {
                counts.active += s.licenses;
                if *stage == STAGE_SOON {
                    counts.expiring_soon += s.licenses;
                }
                f.seats_used += s.seats_used;
                f.seats_allowed += s.seats_allowed;
                f.unlimited += s.unlimited;
            }
            LicenseStatus::Suspended => counts.suspended += s.licenses,
            LicenseStatus::Revoked => counts.revoked += s.licenses,
            LicenseStatus::Expired => counts.expired += s.licenses,
        }
    }
    f
}
