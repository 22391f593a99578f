//! The custom domain re-check: a tokio task started by `keyport serve` that looks every
//! custom domain up in DNS at start and then every hour. A pending domain that now points at
//! this portal starts serving its account; a serving one that points elsewhere stops (and is
//! pending again). Several servers on one database may run it at once: each change is the
//! same, and the second finds nothing left to change.

use std::{sync::Arc, time::Duration};

use service::{Db, custom_domain, tenancy::TenancyConfig};
use tracing::{info, warn};

/// How often the check runs.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the task.
pub fn spawn(db: Db, tenancy: TenancyConfig, public_url: Arc<str>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = run_once(&db, &tenancy, &public_url).await {
                warn!(error = %e, "The custom domain check failed; it runs again in an hour.");
            }
        }
    })
}

async fn run_once(db: &Db, tenancy: &TenancyConfig, public_url: &str) -> service::Result<()> {
    for item in custom_domain::all(db).await? {
        let target = service::tenancy::own_host(&item.account, tenancy, public_url);
        let found = custom_domain::check(&item.domain, &target).await;
        info!(account.id = %item.account.id, domain = %item.domain, dns = ?found, "Checked a custom domain.");
        custom_domain::record_recheck(db, item.account.id, &item.domain, found).await?;
    }
    Ok(())
}
