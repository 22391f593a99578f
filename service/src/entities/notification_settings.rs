//! `notification_settings`: an account's default channels per event (JSON).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// The vendor's defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_settings")]
pub struct Model {
    /// Vendor account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// Event id -> `{"email", "in_portal"}`; a missing event has Keyport's default.
    pub defaults: String,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
