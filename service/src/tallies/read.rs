//! The figures of a scope, exact at `now`: the counters plus a correction for the licenses
//! whose stored stage lags the clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    AccessMode, ColumnTrait, DatabaseBackend, EntityTrait, IsolationLevel, QueryFilter,
    TransactionTrait,
};

use super::{Contribution, STAGE_LATER, STAGE_SOON, Sums, effective, stage_of};
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
    // One snapshot for the counters and the correction: a stage moved by the job between
    // the two reads would otherwise be counted twice or not at all.
    let tx = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
        // A SQLite read transaction is a snapshot already (WAL).
        _ => db.begin().await?,
    };
    let rows = license_tally::Entity::find()
        .filter(license_tally::Column::ScopeId.eq(scope_id))
        .filter(license_tally::Column::AccountId.eq(scope.account_id()))
        .all(&tx)
        .await?;
    let mut sums: BTreeMap<(String, i16), Sums> = BTreeMap::new();
    for r in rows {
        sums.entry((r.status, r.stage)).or_default().add(Sums {
            licenses: r.licenses,
            seats_used: r.seats_used,
            seats_allowed: r.seats_allowed,
            unlimited: r.unlimited,
        });
    }
    // Licenses whose stage lags `now` (the job moves them within a minute): two index range
    // scans of (scope, expiry_stage, expires_at).
    let soon = now + Duration::days(EXPIRING_SOON_DAYS);
    let mut lagging = Vec::new();
    for (stage, until) in [(STAGE_LATER, soon), (STAGE_SOON, now)] {
        lagging.extend(
            license::Entity::find()
                .filter(visible(scope))
                .filter(license::Column::ExpiryStage.eq(stage))
                .filter(license::Column::ExpiresAt.lte(until))
                .all(&tx)
                .await?,
        );
    }
    tx.commit().await?;
    for l in &lagging {
        let c = Contribution::from(l);
        let stored = sums.entry((c.status.clone(), c.stage)).or_default();
        stored.add(Sums::of(&c, -1));
        let real = sums
            .entry((c.status.clone(), stage_of(l.expires_at, now)))
            .or_default();
        real.add(Sums::of(&c, 1));
    }
    Ok(Some(total(&sums)))
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
