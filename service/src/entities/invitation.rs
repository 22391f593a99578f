//! `invitations`: single-use links that let an invited user set their password.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// An invitation (the token itself is never stored, only its SHA-256).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// Invitation id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// The invited user.
    pub user_id: Uuid,
    /// Hex SHA-256 of the token.
    pub token_hash: String,
    /// After this the link no longer works.
    pub expires_at: DateTime<Utc>,
    /// When it was used (or superseded by a new invitation).
    pub used_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
