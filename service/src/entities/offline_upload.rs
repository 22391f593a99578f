//! `offline_uploads`: a checked offline request file, held until its uploader confirms it.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// An upload waiting for confirmation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offline_uploads")]
pub struct Model {
    /// Random id, named in the review page's address.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Who uploaded it (only they may see or confirm it).
    pub user_id: Uuid,
    /// `activate` or `deactivate`.
    pub kind: String,
    /// The uploaded file, as text (request files are ASCII armour).
    pub body: String,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
    /// Once confirmed: the signed file it answered (ASCII armour).
    pub answer: Option<String>,
    /// Once confirmed: that file's name, without the portal's name in front.
    pub answer_name: Option<String>,
    /// Once confirmed: what it did (`offline::OfflineDone` as JSON).
    pub done: Option<String>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
