//! `view_as_sessions`: a staff session currently viewing the portal as a customer user.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// One staff session in "view as customer" mode.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "view_as_sessions")]
pub struct Model {
    /// The staff member's session.
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// The customer user whose portal is shown.
    pub customer_user_id: Uuid,
    /// When it began.
    pub started_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
