//! `branding_logos`: logo images uploaded for an account's branding, by content hash.
//!
//! The draft and the published branding refer to a logo by its SHA-256; rows that neither
//! refers to any more are deleted with the change that drops the last reference.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// One logo image.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "branding_logos")]
pub struct Model {
    /// Logo id (UUIDv7).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// SHA-256 of the bytes, lower-case hex (unique per account; the URL names it).
    pub sha256: String,
    /// The type the content was checked to be: `image/png`, `image/jpeg` or `image/webp`.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// The image (at most 512 KiB).
    pub bytes: Vec<u8>,
    /// Upload time.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
