//! Dashboard counters kept in the same transaction as each change (issue 13), so a dashboard
//! reads a few dozen counter rows instead of counting an organization's licenses.
//!
//! Every license contributes to two scopes, its account and (when it has one) its
//! organization: one license, its current activations and its seat limit, in the
//! `license_tallies` row of its stored status and its **expiry stage** (0: no expiry or more
//! than 30 days away, 1: expiring within 30 days, 2: expired). Stages follow the clock, so
//! they are stored on the license (`licenses.expiry_stage`) and moved forward by [`advance`]
//! every minute; a reader corrects, in memory, the few licenses whose stage lags its `now`
//! ([`figures`]), so the figures are exact whether the job ran or not. Each activation also
//! counts once in `activation_days` (per account and UTC day), for the vendor's "activations
//! in the last 30 days".
//!
//! Every statement that changes a license's status, stage, organization, seats in use or seat
//! limit calls [`apply`] with the row before and after, in its transaction.
//! `docs/decisions.md`, "Dashboard counters (issue 13)", has the argument.

mod advance;
mod check;
mod read;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ConnectionTrait, EntityTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;

pub use advance::advance;
pub use check::{Mismatch, rebuild, recount};
pub use read::{Figures, figures};

use crate::{
    Result,
    dashboard::EXPIRING_SOON_DAYS,
    entities::{activation_day, license, license_tally},
    licenses::LicenseStatus,
};

/// Rows per scope, status and stage (and per account and day) that concurrent writers are
/// spread over, by the last byte of the license id: PostgreSQL locks a counter row from the
/// upsert to the commit, so one row per scope would make every activation of an organization
/// queue on it. Readers add the slots up.
pub const SLOTS: u8 = 8;

/// Not expiring within [`EXPIRING_SOON_DAYS`] days, or no expiry.
pub const STAGE_LATER: i16 = 0;
/// Expiring within [`EXPIRING_SOON_DAYS`] days.
pub const STAGE_SOON: i16 = 1;
/// Expired (`expires_at <= now`).
pub const STAGE_EXPIRED: i16 = 2;

/// The expiry stage of a license expiring at `expires_at`, at `now`. Stages only move forward
/// as time passes.
pub fn stage_of(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i16 {
    match expires_at {
        Some(at) if at <= now => STAGE_EXPIRED,
        Some(at) if at <= now + Duration::days(EXPIRING_SOON_DAYS) => STAGE_SOON,
        _ => STAGE_LATER,
    }
}

/// The effective status of a license counted with `status` and `stage`: the same rule as
/// [`LicenseStatus::derive`] (revoked stays revoked; otherwise expired; otherwise active or,
/// for anything else, suspended).
pub fn effective(status: &str, stage: i16) -> LicenseStatus {
    match status {
        "revoked" => LicenseStatus::Revoked,
        _ if stage == STAGE_EXPIRED => LicenseStatus::Expired,
        "active" => LicenseStatus::Active,
        _ => LicenseStatus::Suspended,
    }
}

/// The UTC day of `at`, as days since 1970-01-01.
pub fn day_of(at: DateTime<Utc>) -> i32 {
    at.timestamp().div_euclid(86_400) as i32
}

/// The counter slot of a license (UUIDv7: its last byte is random).
pub(crate) fn slot_of(license_id: Uuid) -> i16 {
    i16::from(license_id.as_bytes()[15] % SLOTS)
}

/// What one license adds to its scopes' counters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    /// The license.
    pub id: Uuid,
    /// Its account.
    pub account_id: Uuid,
    /// Its organization.
    pub organization_id: Option<Uuid>,
    /// Stored status.
    pub status: String,
    /// Stored expiry stage.
    pub stage: i16,
    /// Current activations.
    pub activations_count: i64,
    /// Seat limit (None = unlimited).
    pub allowed_activations: Option<i64>,
}

impl From<&license::Model> for Contribution {
    fn from(l: &license::Model) -> Self {
        Contribution {
            id: l.id,
            account_id: l.account_id,
            organization_id: l.organization_id,
            status: l.status.clone(),
            stage: l.expiry_stage,
            activations_count: l.activations_count,
            allowed_activations: l.allowed_activations,
        }
    }
}

/// Counter values, as a delta or a sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sums {
    pub(crate) licenses: i64,
    pub(crate) seats_used: i64,
    pub(crate) seats_allowed: i64,
    pub(crate) unlimited: i64,
}

impl Sums {
    fn of(c: &Contribution, sign: i64) -> Sums {
        Sums {
            licenses: sign,
            seats_used: sign * c.activations_count,
            seats_allowed: sign * c.allowed_activations.unwrap_or(0),
            unlimited: sign * i64::from(c.allowed_activations.is_none()),
        }
    }

    pub(crate) fn add(&mut self, other: Sums) {
        self.licenses += other.licenses;
        self.seats_used += other.seats_used;
        self.seats_allowed += other.seats_allowed;
        self.unlimited += other.unlimited;
    }

    fn is_zero(&self) -> bool {
        *self == Sums::default()
    }
}

/// A counter row's key: scope, status, stage, slot.
type Key = (Uuid, String, i16, i16);

/// The scopes' deltas of removing `removed` and adding `added`, with the account of each.
fn deltas(removed: &[Contribution], added: &[Contribution]) -> BTreeMap<Key, (Uuid, Sums)> {
    let mut out: BTreeMap<Key, (Uuid, Sums)> = BTreeMap::new();
    let sides = removed
        .iter()
        .map(|c| (c, -1))
        .chain(added.iter().map(|c| (c, 1)));
    for (c, sign) in sides {
        let scopes = std::iter::once(c.account_id).chain(c.organization_id);
        for scope in scopes {
            let key = (scope, c.status.clone(), c.stage, slot_of(c.id));
            out.entry(key)
                .or_insert((c.account_id, Sums::default()))
                .1
                .add(Sums::of(c, sign));
        }
    }
    out.retain(|_, (_, s)| !s.is_zero());
    out
}

/// Moves the counters from `removed` to `added` (the rows before and after a change; a new
/// license is only added), in the caller's transaction: one upsert, its rows in key order so
/// concurrent transactions lock counter rows in the same order and never deadlock. Call it
/// after the change's own `UPDATE`s of licenses, so counter rows are locked last.
pub async fn apply<C: ConnectionTrait>(
    conn: &C,
    removed: &[Contribution],
    added: &[Contribution],
) -> Result<()> {
    let deltas = deltas(removed, added);
    if deltas.is_empty() {
        return Ok(());
    }
    use license_tally::Column as T;
    let rows = deltas
        .into_iter()
        .map(
            |((scope_id, status, stage, slot), (account_id, s))| license_tally::ActiveModel {
                scope_id: Set(scope_id),
                account_id: Set(account_id),
                status: Set(status),
                stage: Set(stage),
                slot: Set(slot),
                licenses: Set(s.licenses),
                seats_used: Set(s.seats_used),
                seats_allowed: Set(s.seats_allowed),
                unlimited: Set(s.unlimited),
            },
        );
    let mut upsert = OnConflict::columns([T::ScopeId, T::Status, T::Stage, T::Slot]);
    for col in [T::Licenses, T::SeatsUsed, T::SeatsAllowed, T::Unlimited] {
        upsert.value(col, increment(license_tally::Entity, col));
    }
    license_tally::Entity::insert_many(rows)
        .on_conflict(upsert)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// `table.col + excluded.col` (qualified: PostgreSQL finds a bare name ambiguous).
fn increment<E: EntityTrait, C: sea_orm::sea_query::IntoIden + Copy + 'static>(
    table: E,
    col: C,
) -> Expr {
    Expr::col((table, col)).add(Expr::col((Alias::new("excluded"), col)))
}

/// Counts `delta` activations of a license of `account_id` made at `at`, in the caller's
/// transaction (after the license's own `UPDATE`, like [`apply`]).
pub async fn count_activation<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    license_id: Uuid,
    at: DateTime<Utc>,
    delta: i64,
) -> Result<()> {
    use activation_day::Column as D;
    let mut upsert = OnConflict::columns([D::AccountId, D::Day, D::Slot]);
    upsert.value(
        D::Activations,
        increment(activation_day::Entity, D::Activations),
    );
    activation_day::Entity::insert(activation_day::ActiveModel {
        account_id: Set(account_id),
        day: Set(day_of(at)),
        slot: Set(slot_of(license_id)),
        activations: Set(delta),
    })
    .on_conflict(upsert)
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_status_is_derive_at_the_stage() {
        let now = Utc::now();
        let times = [
            None,
            Some(now - Duration::days(1)),
            Some(now),
            Some(now + Duration::days(1)),
            Some(now + Duration::days(EXPIRING_SOON_DAYS)),
            Some(now + Duration::days(EXPIRING_SOON_DAYS + 1)),
        ];
        for status in ["active", "suspended", "revoked", "bogus"] {
            for at in times {
                assert_eq!(
                    effective(status, stage_of(at, now)),
                    LicenseStatus::derive(status, at, now),
                    "{status} {at:?}"
                );
            }
        }
    }

    #[test]
    fn stages_follow_the_clock() {
        let now = Utc::now();
        let at = Some(now + Duration::days(40));
        assert_eq!(stage_of(at, now), STAGE_LATER);
        assert_eq!(stage_of(at, now + Duration::days(10)), STAGE_SOON);
        assert_eq!(stage_of(at, now + Duration::days(40)), STAGE_EXPIRED);
        assert_eq!(stage_of(None, now + Duration::days(9999)), STAGE_LATER);
    }

    #[test]
    fn days_are_utc_days_since_the_epoch() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(day_of(at("1970-01-01T23:59:59Z")), 0);
        assert_eq!(day_of(at("1970-01-02T00:00:00Z")), 1);
        assert_eq!(day_of(at("1969-12-31T12:00:00Z")), -1);
    }

    #[test]
    fn a_seat_change_moves_only_seats_and_a_status_change_moves_the_license() {
        let c = Contribution {
            id: Uuid::now_v7(),
            account_id: Uuid::now_v7(),
            organization_id: Some(Uuid::now_v7()),
            status: "active".into(),
            stage: 0,
            activations_count: 3,
            allowed_activations: Some(5),
        };
        let seat = Contribution {
            activations_count: 4,
            ..c.clone()
        };
        let d = deltas(std::slice::from_ref(&c), std::slice::from_ref(&seat));
        assert_eq!(d.len(), 2);
        assert!(d.values().all(|(_, s)| *s
            == Sums {
                seats_used: 1,
                ..Sums::default()
            }));
        let suspended = Contribution {
            status: "suspended".into(),
            ..c.clone()
        };
        let d = deltas(std::slice::from_ref(&c), std::slice::from_ref(&suspended));
        assert_eq!(d.len(), 4);
        let total = d.values().fold(Sums::default(), |mut t, (_, s)| {
            t.add(*s);
            t
        });
        assert!(total.is_zero());
    }
}
