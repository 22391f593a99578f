//! `accounts`: one software vendor (tenant).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A vendor account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    /// Account id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Subdomain alias (`{alias}.{base domain}`), unique.
    #[sea_orm(unique)]
    pub alias: String,
    /// Display name of the vendor.
    pub name: String,
    /// Custom domain serving this account's portal (its DNS was checked), unique when set.
    #[sea_orm(unique)]
    pub custom_domain: Option<String>,
    /// The custom domain an admin asked for, until a DNS check proves it points here (it
    /// serves nothing meanwhile, and blocks no other account).
    pub custom_domain_pending: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Bumped in the same transaction as every change to the portal settings or branding:
    /// a server's cached copy of both is current when this number is.
    pub config_version: i64,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
