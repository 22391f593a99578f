//! The periodic expiry check (`keyport serve` runs it hourly): licenses expiring within
//! [`SOON_DAYS`] days notify "License expiring soon", licenses that expired within the last
//! [`SOON_DAYS`] days notify "License expired". Each is written once per user, license and
//! expiry date (a key on the notification), so running the check again, or on several
//! servers at once, sends nothing twice; moving the expiry date makes a new notice.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::{Event, Note, license_audience, notify};
use crate::{
    Db, Result,
    domain::LicenseKey,
    entities::{license, product},
    licenses::LicenseStatus,
};

/// How far ahead "expiring soon" looks, and how far back "expired" does.
pub const SOON_DAYS: i64 = 30;
const BATCH: u64 = 500;

/// Runs the check at `now` over every account; returns how many people were notified.
pub async fn check(db: &Db, now: DateTime<Utc>) -> Result<usize> {
    let window = Condition::all()
        .add(license::Column::ExpiresAt.gt(now - Duration::days(SOON_DAYS)))
        .add(license::Column::ExpiresAt.lte(now + Duration::days(SOON_DAYS)))
        .add(license::Column::Status.ne(LicenseStatus::Revoked.as_str()));
    let mut reached = 0;
    let mut after: Option<Uuid> = None;
    loop {
        let mut q = license::Entity::find().filter(window.clone());
        if let Some(a) = after {
            q = q.filter(license::Column::Id.gt(a));
        }
        let batch = q
            .order_by_asc(license::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        for lic in &batch {
            reached += one(db, lic, now).await?;
        }
    }
    Ok(reached)
}

async fn one(db: &Db, lic: &license::Model, now: DateTime<Utc>) -> Result<usize> {
    let Some(at) = lic.expires_at else {
        return Ok(0);
    };
    let expired = at <= now;
    // A suspended license is already "not usable"; only its expiry is news, not the warning.
    if !expired && lic.status != LicenseStatus::Active.as_str() {
        return Ok(0);
    }
    let product = product::Entity::find_by_id(lic.product_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let day = at.format("%Y-%m-%d");
    let key = LicenseKey::redact(&lic.key);
    let (event, dedup, note) = if expired {
        (
            Event::LicenseExpiredOrSuspended,
            format!("expired:{}:{day}", lic.id),
            Note {
                title: format!("License expired: {product}"),
                body: format!(
                    "Your {product} license {key} expired on {day}. Machines keep the releases \
                     they were entitled to; ask the vendor to renew it."
                ),
                link: Some(format!("/licenses/{}", lic.id)),
            },
        )
    } else {
        let days = (at - now).num_days().max(0) + 1;
        (
            Event::LicenseExpiringSoon,
            format!("expiring:{}:{day}", lic.id),
            Note {
                title: format!("License expiring soon: {product}"),
                body: format!(
                    "Your {product} license {key} expires on {day}, in {days} day{}.",
                    if days == 1 { "" } else { "s" }
                ),
                link: Some(format!("/licenses/{}", lic.id)),
            },
        )
    };
    let tx = db.begin().await?;
    let users = license_audience(&tx, lic).await?;
    let n = notify(&tx, lic.account_id, event, &users, &note, Some(&dedup)).await?;
    tx.commit().await?;
    Ok(n)
}
