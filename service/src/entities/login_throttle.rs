//! `login_throttle`: sign-in failures per (account, key) in the current window.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// The failures counted for one key of one account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// Vendor account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// What is counted: `email:<address>` or `ip:<address>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// When the window began (the first failure after the previous window ended).
    pub window_start: DateTime<Utc>,
    /// Failures in the window, sign-ins in flight included.
    pub failures: i32,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
