//! `branding`: an account's draft and published portal branding (JSON documents).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// The branding of one account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "branding")]
pub struct Model {
    /// Vendor account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// The draft staff edit and preview (JSON).
    pub draft: String,
    /// What customers see (JSON); None until the first publication.
    pub published: Option<String>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
