//! `notifications`: one in-portal notification of one customer user.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A notification in a user's list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    /// Notification id (UUIDv7: newest first by id).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// The user it is for.
    pub user_id: Uuid,
    /// Event id (`license_expired_or_suspended`, ...).
    pub event: String,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// A portal path to follow (`/licenses/{id}`).
    pub link: Option<String>,
    /// Set by periodic checks so each notification is written once per user.
    pub dedup_key: Option<String>,
    /// When the user marked it read.
    pub read_at: Option<DateTime<Utc>>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
