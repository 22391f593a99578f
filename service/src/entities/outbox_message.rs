//! `outbox`: emails written with the change that causes them, delivered by the mail worker.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// `status` of a message waiting for delivery.
pub const STATUS_PENDING: &str = "pending";
/// `status` of a delivered message.
pub const STATUS_SENT: &str = "sent";

/// An outgoing email.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// Message id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account whose portal sends it.
    pub account_id: Uuid,
    /// Recipient.
    pub to_email: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body (may hold a single-use link: vendor staff only).
    pub body: String,
    /// `pending` or `sent`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Not before this time.
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was delivered.
    pub sent_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
