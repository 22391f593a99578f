//! What the vendor console's products page shows.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A product as staff manage it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorProduct {
    /// Product id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Customers see its releases in their catalog.
    pub visible: bool,
    /// Key id of the active signing key.
    pub kid: String,
    /// Active public key (Ed25519, base64url).
    pub public_key: String,
    /// The vendor's words for making an offline request file in it (empty: none).
    pub offline_help: String,
}

/// The products page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorProducts {
    /// Every product of the account, by name.
    pub products: Vec<VendorProduct>,
    /// The account's "new products are visible" default.
    pub visible_by_default: bool,
    /// Vendor admin (may change products); support staff only read.
    pub can_manage: bool,
}
