//! Plain data sent from server functions to the browser. Built for each page; never a
//! database model, never a secret.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod offline;
pub mod org;

/// The signed-in user, as the header and the pages need them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// The user's id.
    pub id: Uuid,
    /// "Olivia Owner".
    pub name: String,
    /// The sign-in email.
    pub email: String,
    /// Vendor staff (admin or support) rather than a customer.
    pub is_staff: bool,
    /// "Owner", "Member", "Vendor admin", ...
    pub role_label: String,
    /// The customer's organization, if any.
    pub organization_name: Option<String>,
    /// The vendor account's name, shown as the portal name.
    pub portal_name: String,
    /// May upload offline activation requests (`offline.activate`).
    pub can_offline_activate: bool,
    /// May upload offline deactivation requests (`offline.deactivate`).
    pub can_offline_deactivate: bool,
    /// May deactivate machines from a license page (`machines.deactivate`).
    pub can_deactivate_machines: bool,
    /// Vendor admin: may change settings.
    #[serde(default)]
    pub is_admin: bool,
    /// The effective permission ids (customers; staff get every id their role allows), so
    /// the UI hides what the user cannot do.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// Vendor staff viewing the portal as this customer (read-only): their email.
    #[serde(default)]
    pub viewed_by: Option<String>,
}

impl CurrentUser {
    /// Whether the user holds the permission with this id.
    pub fn can(&self, permission_id: &str) -> bool {
        self.permissions.iter().any(|p| p == permission_id)
    }
}

/// A license's status as customers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LicenseStatus {
    /// Usable.
    Active,
    /// Paused by the vendor; reversible.
    Suspended,
    /// Ended by the vendor for good.
    Revoked,
    /// Past its expiry date.
    Expired,
}

impl LicenseStatus {
    /// Every status, in the order filters list them.
    pub const ALL: [LicenseStatus; 4] = [
        LicenseStatus::Active,
        LicenseStatus::Suspended,
        LicenseStatus::Revoked,
        LicenseStatus::Expired,
    ];

    /// The id used in URLs (`?status=active`).
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseStatus::Active => "active",
            LicenseStatus::Suspended => "suspended",
            LicenseStatus::Revoked => "revoked",
            LicenseStatus::Expired => "expired",
        }
    }

    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            LicenseStatus::Active => "Active",
            LicenseStatus::Suspended => "Suspended",
            LicenseStatus::Revoked => "Revoked",
            LicenseStatus::Expired => "Expired",
        }
    }

    /// Parses the URL id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One line of a license list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseRow {
    /// The license id (in URLs).
    pub id: Uuid,
    /// The full license key.
    pub key: String,
    /// The product's name.
    pub product_name: String,
    /// Current status.
    pub status: LicenseStatus,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// Current activations.
    pub activations: i64,
    /// Seat limit; `None` is unlimited.
    pub allowed_activations: Option<i64>,
    /// The organization's or the individual owner's name.
    pub owner: String,
    /// Names of the groups linked to it.
    pub groups: Vec<String>,
}

/// A page of licenses plus the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicensePage {
    /// The rows of this page.
    pub rows: Vec<LicenseRow>,
    /// The id to continue after, when there is more.
    pub next: Option<Uuid>,
    /// Products the user may filter by.
    pub products: Vec<Named>,
}

/// An id and a name, for selects and links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    /// The id.
    pub id: Uuid,
    /// The display name.
    pub name: String,
}

/// A machine using a seat of a license.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// The activation id.
    pub id: Uuid,
    /// Host name reported by the machine.
    pub hostname: String,
    /// Operating system reported by the machine.
    pub os: String,
    /// The first characters of the fingerprint, enough to tell machines apart.
    pub fingerprint_prefix: String,
    /// "online" or "offline".
    pub mode: String,
    /// When the seat was taken.
    pub activated_at: Timestamp,
    /// The machine's last check-in.
    pub last_seen_at: Timestamp,
}

/// Everything the license page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseDetail {
    /// The summary fields.
    pub row: LicenseRow,
    /// End of maintenance (eligibility for new releases).
    pub maintenance_expires_at: Option<Timestamp>,
    /// Deactivations used so far.
    pub deactivations_used: i64,
    /// Deactivation limit; `None` is unlimited.
    pub allowed_deactivations: Option<i64>,
    /// Whether offline activation is allowed.
    pub offline_allowed: bool,
    /// How long an offline activation stays valid, in days.
    pub offline_lease_days: Option<i64>,
    /// Vendor-defined key/value pairs.
    pub metadata: Vec<(String, String)>,
    /// Groups whose members see this license.
    pub linked_groups: Vec<Named>,
    /// Machines currently activated: one page, newest first.
    pub machines: Vec<Machine>,
    /// Cursor of the next page of machines (`?machines_after=`), None on the last one.
    pub machines_next: Option<Uuid>,
    /// What an admin with `groups.assign_licenses` may change here; `None` for anyone else.
    #[serde(default)]
    pub manage: Option<LicenseManage>,
}

/// The choices of the link and assignment forms of a license page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseManage {
    /// The organization's groups not linked to the license yet.
    pub unlinked_groups: Vec<Named>,
    /// The user the license is assigned to directly: "First Last", and their email.
    pub assigned: Option<(Named, String)>,
}

/// Counts of licenses by status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Active licenses.
    pub active: i64,
    /// Suspended licenses.
    pub suspended: i64,
    /// Revoked licenses.
    pub revoked: i64,
    /// Expired licenses.
    pub expired: i64,
    /// Active licenses that expire within 30 days.
    pub expiring_soon: i64,
}

/// A recent activation, for the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentActivation {
    /// The license the machine uses.
    pub license_id: Uuid,
    /// Its product.
    pub product_name: String,
    /// The machine's host name.
    pub hostname: String,
    /// The machine's OS.
    pub os: String,
    /// When it was activated.
    pub activated_at: Timestamp,
}

/// The customer dashboard: an organization overview for Owners, the user's own licenses
/// for everyone else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerDashboard {
    /// The organization's name when the user sees all of its licenses.
    pub organization_overview: Option<String>,
    /// Licenses by status.
    pub counts: StatusCounts,
    /// Seats in use across the visible licenses.
    pub activations_used: i64,
    /// Seats allowed across them; `None` when any is unlimited.
    pub activations_allowed: Option<i64>,
    /// Active licenses that expire soonest.
    pub expiring_soon: Vec<LicenseRow>,
    /// The newest activations.
    pub recent_activations: Vec<RecentActivation>,
    /// The first visible licenses; none on an organization overview.
    pub licenses: Vec<LicenseRow>,
}

/// The vendor staff dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorDashboard {
    /// Customer users.
    pub customers: i64,
    /// Organizations.
    pub organizations: i64,
    /// Licenses by status.
    pub counts: StatusCounts,
    /// Activations made in the last 30 days.
    pub activations_last_30_days: i64,
}

/// The profile form's current values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Sign-in email.
    pub email: String,
    /// "Owner", "Vendor admin", ...
    pub role_label: String,
    /// The organization, for customers in one.
    pub organization_name: Option<String>,
}

mod releases;
pub use releases::{DownloadLink, Release, ReleaseFile, ReleaseList};
pub mod branding;
pub mod notifications;
pub mod settings;
pub mod vendor_licenses;
pub mod vendor_orgs;
pub mod vendor_products;
