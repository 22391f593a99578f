//! `audit_events`: who did what, when, from where, and how it went.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// An audit event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Event id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Acting user, when known.
    pub actor_user_id: Option<Uuid>,
    /// Acting email (as typed for failed logins, lower-cased).
    pub actor_email: String,
    /// Organization concerned, when any.
    pub organization_id: Option<Uuid>,
    /// Dotted action id (`auth.login`, `license.activate`).
    pub action: String,
    /// Kind of target (`user`, `license`, `session`).
    pub target_type: String,
    /// Target id.
    pub target_id: String,
    /// `success` or `failure`.
    pub outcome: String,
    /// Client IP.
    pub ip: Option<String>,
    /// JSON object with details (never secrets).
    pub details: String,
    /// When it happened.
    pub created_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
