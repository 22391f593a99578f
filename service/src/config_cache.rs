//! An account's portal settings and branding, kept in memory: every page needs both (the
//! settings decide a customer's permissions, the branding dresses the layout), and they
//! change a few times a year.
//!
//! Correct across processes without a time to live: every change bumps
//! `accounts.config_version` in its own transaction ([`changed`]), and a cached copy is used
//! only while that number is the one in the database. A signed-in request reads the number
//! with its session (one joined query, see `auth::session_cached`), so it costs nothing; any
//! other caller reads it by the account's primary key ([`current_version`]). Several servers
//! on one PostgreSQL therefore see a change at their next request, like one server does.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    Db, Result,
    branding::{self, BrandingVersions},
    entities::account,
    portal::{self, PortalSettings},
};

/// One account's settings and branding, as of `version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountConfig {
    /// The `accounts.config_version` they were read at (or after).
    pub version: i64,
    /// Portal settings.
    pub settings: PortalSettings,
    /// Draft and published branding.
    pub branding: BrandingVersions,
}

/// The cache: at most [`ConfigCache::MAX_ACCOUNTS`] accounts (a deployment with more simply
/// reads some of them again).
#[derive(Debug, Default)]
pub struct ConfigCache {
    entries: Mutex<HashMap<Uuid, Arc<AccountConfig>>>,
}

impl ConfigCache {
    /// Accounts kept at most.
    pub const MAX_ACCOUNTS: usize = 10_000;

    fn get(&self, account_id: Uuid, version: i64) -> Option<Arc<AccountConfig>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(&account_id)
            .filter(|c| c.version == version)
            .cloned()
    }

    fn put(&self, account_id: Uuid, config: Arc<AccountConfig>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= Self::MAX_ACCOUNTS && !entries.contains_key(&account_id) {
            entries.clear();
        }
        entries.insert(account_id, config);
    }
}

/// The account's `config_version` now (0 for an unknown account).
pub async fn current_version<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<i64> {
    let v: Option<i64> = account::Entity::find_by_id(account_id)
        .select_only()
        .column(account::Column::ConfigVersion)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(v.unwrap_or(0))
}

/// The account's settings and branding as of `version` (read by the caller from the database,
/// or None to read it here).
pub async fn config(
    db: &Db,
    cache: &ConfigCache,
    account_id: Uuid,
    version: Option<i64>,
) -> Result<Arc<AccountConfig>> {
    let version = match version {
        Some(v) => v,
        None => current_version(db, account_id).await?,
    };
    if let Some(found) = cache.get(account_id, version) {
        return Ok(found);
    }
    // Read after the version: what is read is that version or a newer one, never older. A
    // newer copy filed under the older number is replaced at the next request, which sees
    // the newer number.
    let config = Arc::new(AccountConfig {
        version,
        settings: portal::settings(db, account_id).await?,
        branding: branding::versions(db, account_id).await?,
    });
    cache.put(account_id, config.clone());
    Ok(config)
}

/// Records, in the caller's transaction, that the account's settings or branding changed.
pub(crate) async fn changed<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<()> {
    account::Entity::update_many()
        .col_expr(
            account::Column::ConfigVersion,
            Expr::col(account::Column::ConfigVersion).add(1),
        )
        .filter(account::Column::Id.eq(account_id))
        .exec(conn)
        .await?;
    Ok(())
}
