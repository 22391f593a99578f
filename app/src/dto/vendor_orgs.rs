//! What the vendor console's organizations page shows.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An organization as staff manage it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorOrg {
    /// Organization id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Cap on users; None is unlimited.
    pub allowed_users: Option<i64>,
    /// Users counting against the cap.
    pub users: i64,
    /// Primary contact.
    pub primary_contact_id: Option<Uuid>,
    /// Secondary contact.
    pub secondary_contact_id: Option<Uuid>,
    /// Its active Owners, who may be contacts: id and "First Last (email)".
    pub owners: Vec<super::Named>,
}

/// The organizations page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorOrgs {
    /// Every organization of the account, by name.
    pub organizations: Vec<VendorOrg>,
    /// Vendor admin (may change them); support staff only read.
    pub can_manage: bool,
}
