//! The expiry check: a tokio task started by `keyport serve` that runs
//! `service::notifications::expiry::check` at start and then every hour. The check is
//! idempotent (one notification per user, license and expiry date), so restarts and several
//! servers on one database send nothing twice.

use std::time::Duration;

use service::{Db, notifications::expiry};
use tracing::{info, warn};

/// How often the check runs.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the task.
pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match expiry::check(&db, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => info!(notified = n, "The expiry check notified customers."),
                Err(e) => warn!(error = %e, "The expiry check failed; it runs again in an hour."),
            }
        }
    })
}
