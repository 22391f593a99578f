//! The stage job: moves licenses whose expiry stage lags the clock, with their counters.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};
use tracing::instrument;
use uuid::Uuid;

use super::{Contribution, STAGE_LATER, STAGE_SOON, apply, stage_of};
use crate::{Db, Result, dashboard::EXPIRING_SOON_DAYS, entities::license};

/// Licenses moved per transaction.
const BATCH: u64 = 500;

/// Moves every license whose stored stage lags `now` to its stage at `now`, with its counters,
/// a batch per transaction; returns how many moved. Safe to run anywhere at any time, on
/// several servers at once: each license moves by a conditional `UPDATE` (still at the stage
/// and expiry it was read with), so a license moves once and a concurrent edit wins.
#[instrument(skip_all)]
pub async fn advance(db: &Db, now: DateTime<Utc>) -> Result<u64> {
    let soon = now + Duration::days(EXPIRING_SOON_DAYS);
    let mut moved = 0;
    loop {
        let mut lagging: Vec<(Uuid, i16, Option<DateTime<Utc>>)> = Vec::new();
        for (stage, until) in [(STAGE_LATER, soon), (STAGE_SOON, now)] {
            lagging.extend(
                license::Entity::find()
                    .select_only()
                    .column(license::Column::Id)
                    .column(license::Column::ExpiryStage)
                    .column(license::Column::ExpiresAt)
                    .filter(license::Column::ExpiryStage.eq(stage))
                    .filter(license::Column::ExpiresAt.lte(until))
                    .order_by_asc(license::Column::ExpiresAt)
                    .limit(BATCH)
                    .into_tuple::<(Uuid, i16, Option<DateTime<Utc>>)>()
                    .all(db)
                    .await?,
            );
        }
        if lagging.is_empty() {
            break;
        }
        // Licenses first, in id order, then the counters (see `apply`).
        lagging.sort_by_key(|l| l.0);
        let tx = crate::deactivations::begin_seat_change(db).await?;
        let (mut before, mut after) = (Vec::new(), Vec::new());
        for (id, stage, expires_at) in lagging {
            let moved_row = license::Entity::update_many()
                .col_expr(
                    license::Column::ExpiryStage,
                    Expr::value(stage_of(expires_at, now)),
                )
                .filter(license::Column::Id.eq(id))
                .filter(license::Column::ExpiryStage.eq(stage))
                .filter(license::Column::ExpiresAt.eq(expires_at))
                .exec_with_returning(&*tx)
                .await?;
            if let Some(row) = moved_row.into_iter().next() {
                let now_counted = Contribution::from(&row);
                before.push(Contribution {
                    stage,
                    ..now_counted.clone()
                });
                after.push(now_counted);
            }
        }
        apply(&*tx, &before, &after).await?;
        tx.commit().await?;
        if after.is_empty() {
            // Everything read was moved by someone else meanwhile; the next run sees the rest.
            break;
        }
        moved += after.len() as u64;
    }
    Ok(moved)
}
