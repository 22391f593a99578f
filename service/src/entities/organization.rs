//! `organizations`: a customer company.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// An organization of customer users.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    /// Organization id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning vendor account.
    pub account_id: Uuid,
    /// Company name.
    pub name: String,
    /// Seat cap on user creation by the organization's admins (None = unlimited).
    pub allowed_users: Option<i64>,
    /// Primary contact (an owner).
    pub primary_contact_id: Option<Uuid>,
    /// Secondary contact (an owner).
    pub secondary_contact_id: Option<Uuid>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
