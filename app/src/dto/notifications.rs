//! Notification preferences and the in-portal list, as pages show them.

use serde::{Deserialize, Serialize};

/// One event of the vendor's defaults table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultRow {
    /// Stable event id (`license_expired_or_suspended`).
    pub id: String,
    /// What people read.
    pub label: String,
    /// Delivered today; otherwise stored and shown as "coming soon".
    pub available: bool,
    /// By email.
    pub email: bool,
    /// In the portal.
    pub in_portal: bool,
}

/// The vendor's defaults page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationDefaults {
    /// Vendor admin (may edit); support only reads.
    pub can_edit: bool,
    /// Every event.
    pub rows: Vec<DefaultRow>,
}

/// One event of a customer's own preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferenceRow {
    /// Stable event id.
    pub id: String,
    /// What people read.
    pub label: String,
    /// The vendor's default by email.
    pub default_email: bool,
    /// The vendor's default in the portal.
    pub default_in_portal: bool,
    /// What the user gets by email.
    pub email: bool,
    /// What the user gets in the portal.
    pub in_portal: bool,
    /// The user chose this themselves (else it follows the default).
    pub own: bool,
}

/// One in-portal notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationItem {
    /// Id.
    pub id: String,
    /// The event's label.
    pub event: String,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// A portal path to follow.
    pub link: Option<String>,
    /// Not read yet.
    pub unread: bool,
    /// When, `YYYY-MM-DD HH:MM` UTC.
    pub created_at: String,
}

/// A page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    /// Newest first.
    pub items: Vec<NotificationItem>,
    /// The cursor of the next page, if any.
    pub next: Option<String>,
}
