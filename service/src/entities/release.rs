//! `releases`: one version of a product for one channel, platform and architecture.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A release.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "releases")]
pub struct Model {
    /// Release id (UUIDv7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Released product.
    pub product_id: Uuid,
    /// Semantic version, as `Semver` prints it.
    pub version: String,
    /// Channel (`stable`, `beta`, ...), lower case.
    pub channel: String,
    /// Platform (`windows`, `macos`, `linux`, ...), lower case.
    pub platform: String,
    /// Architecture (`x86_64`, `aarch64`, ...), lower case.
    pub arch: String,
    /// Release notes, Markdown (rendered sanitized on the way out).
    pub notes: String,
    /// `draft`, `published` or `yanked`.
    pub status: String,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
