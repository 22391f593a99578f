//! `release_files`: a file of a release; its bytes live in the object store under `storage_key`.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A release file.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "release_files")]
pub struct Model {
    /// File id (UUIDv7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Owning release.
    pub release_id: Uuid,
    /// Download name (sanitized at publication; never a path).
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Server-generated object key (`releases/<account>/<uuid>`), never the uploaded name.
    pub storage_key: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
