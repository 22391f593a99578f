//! `portal_settings`: one account's portal modes, catalog defaults, actions and matrix.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// The stored settings of one account (lists are JSON arrays/objects of stable ids).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "portal_settings")]
pub struct Model {
    /// Vendor account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// Customers may use the portal at all.
    pub portal_enabled: bool,
    /// Customers may sign in.
    pub logged_in_portal_enabled: bool,
    /// Offers may be accepted from a signed, emailed link.
    pub secure_link_approval: bool,
    /// Invoices may be paid from a signed, emailed link.
    pub secure_link_payment: bool,
    /// Customers may request new services and cancellations.
    pub customer_self_service: bool,
    /// Customer actions are written to the audit log.
    pub audit_portal_actions: bool,
    /// New products are visible to customers.
    pub products_visible_by_default: bool,
    /// Oldest offline request file accepted, in days.
    pub offline_max_age_days: i32,
    /// JSON array of disabled action (permission) ids.
    pub actions_disabled: String,
    /// JSON array of internal (admin-only) action ids.
    pub actions_internal: String,
    /// JSON object: role id -> array of granted permission ids.
    pub matrix: String,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
