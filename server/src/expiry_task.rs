//! Two tokio tasks started by `keyport serve`, both idempotent, so restarts and several
//! servers on one database do nothing twice:
//! - the expiry check, `service::notifications::expiry::check`, at start and then every hour
//!   (one notification per user, license and expiry date);
//! - the stage job, `service::tallies::advance`, at start and then every minute: licenses
//!   whose expiry stage the clock has passed move to their new stage with the dashboard
//!   counters (each by a conditional `UPDATE`, so a license moves once).

use std::time::Duration;

use service::{Db, notifications::expiry, tallies};
use tracing::{debug, info, warn};

/// How often the check runs.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// How often the stage job runs. Dashboards are exact without it (they correct the licenses
/// it has not moved yet); it keeps that correction to a minute's worth of licenses.
pub const STAGES_EVERY: Duration = Duration::from_secs(60);

/// Starts the expiry check and the stage job.
pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    let stages = db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(STAGES_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match tallies::advance(&stages, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => debug!(licenses = n, "Expiry stages moved on."),
                Err(e) => warn!(error = %e, "The stage job failed; it runs again in a minute."),
            }
        }
    });
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
