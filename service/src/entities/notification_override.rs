//! `notification_overrides`: a customer's own channels for the events they changed (JSON).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// One user's overrides.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_overrides")]
pub struct Model {
    /// The user.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Event id -> `{"email", "in_portal"}`; a missing event follows the vendor's default.
    pub overrides: String,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
