//! `offline_exchanges`: offline request files already processed, with the file sent back.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A processed request.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offline_exchanges")]
pub struct Model {
    /// The request's `request_id`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub request_id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// `activate` or `deactivate`.
    pub kind: String,
    /// Hex SHA-256 of the request payload (a reused id with other content is refused).
    pub request_sha256: String,
    /// The activation concerned.
    pub activation_id: Uuid,
    /// The signed response or receipt (armoured).
    pub response: String,
    /// When it was processed.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
