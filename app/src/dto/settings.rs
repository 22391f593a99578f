//! The vendor console's portal settings, as the settings page shows them.

use serde::{Deserialize, Serialize};

/// One row of the allowed-actions table (an action is named by its permission id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRow {
    /// Stable permission id, e.g. `licenses.view`.
    pub id: String,
    /// Enabled in this portal.
    pub enabled: bool,
    /// Customers may use it (otherwise internal / admin only).
    pub visible: bool,
    /// Whether the feature exists yet (commerce actions are "not available yet").
    pub available: bool,
}

/// One role of the permission matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    /// Stored id, e.g. `operations_manager`.
    pub id: String,
    /// "Operations manager".
    pub label: String,
    /// Granted permission ids.
    pub grants: Vec<String>,
    /// A sentence: what the role can and cannot do, given the enabled actions.
    pub summary: String,
}

/// The portal settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalSettings {
    /// The viewer may change them (vendor admin); vendor support only reads.
    pub can_edit: bool,
    /// Mode: the portal is on.
    pub portal_enabled: bool,
    /// Mode: customers may sign in.
    pub logged_in_portal_enabled: bool,
    /// Mode: accept offers from a secure link.
    pub secure_link_approval: bool,
    /// Mode: pay invoices from a secure link.
    pub secure_link_payment: bool,
    /// Mode: customers may request services and cancellations.
    pub customer_self_service: bool,
    /// Mode: record customer actions in the audit log.
    pub audit_portal_actions: bool,
    /// New products are visible to customers.
    pub products_visible_by_default: bool,
    /// Oldest offline request file accepted, in days.
    pub offline_max_age_days: i32,
    /// Every action, in the order of DESIGN.md.
    pub actions: Vec<ActionRow>,
    /// Every customer role, most powerful first.
    pub roles: Vec<RoleRow>,
}

/// One audit event in the staff audit view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventRow {
    /// Event id.
    pub id: uuid::Uuid,
    /// When.
    pub created_at: crate::time::Timestamp,
    /// Who.
    pub actor_email: String,
    /// What.
    pub action: String,
    /// On what (`license 0192...`).
    pub target: String,
    /// `success` or `failure`.
    pub outcome: String,
    /// From where.
    pub ip: Option<String>,
    /// JSON details (before/after for setting changes).
    pub details: String,
}

/// An organization to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationOption {
    /// Id.
    pub id: uuid::Uuid,
    /// Name.
    pub name: String,
}

/// One page of the staff audit view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Newest first.
    pub rows: Vec<AuditEventRow>,
    /// Cursor of the next page.
    pub next: Option<uuid::Uuid>,
    /// Organizations of the account, for the filter.
    pub organizations: Vec<OrganizationOption>,
}

/// A customer user staff may view the portal as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewAsCustomer {
    /// User id.
    pub id: uuid::Uuid,
    /// "Max Member".
    pub name: String,
    /// Email.
    pub email: String,
    /// Organization, None for an individual.
    pub organization_name: Option<String>,
    /// "Member".
    pub role_label: String,
}

/// The custom domain settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomDomain {
    /// The domain that serves the portal (its DNS check passed), when set.
    pub domain: Option<String>,
    /// The domain asked for, serving nothing until its DNS check passes.
    pub pending: Option<String>,
    /// The host the CNAME record must point to.
    pub target: String,
    /// Vendor admin (may change it).
    pub can_edit: bool,
}
