//! What the vendor console's license page shows and chooses from.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A product in the license form, with the key its licenses are verified with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductKey {
    /// Product id.
    pub id: Uuid,
    /// Product name.
    pub name: String,
    /// Key id of the active signing key.
    pub kid: String,
    /// Public key (Ed25519, as `GET /api/v1/products/{id}/public-key` serves it).
    pub public_key: String,
}

/// The choices of the "Issue a license" form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseChoices {
    /// The account's products.
    pub products: Vec<ProductKey>,
    /// The account's organizations.
    pub organizations: Vec<super::Named>,
    /// Vendor admin (may issue and change licenses); support staff only read.
    pub can_manage: bool,
}
