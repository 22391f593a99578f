//! `licenses`: the right to run a product, owned by a user and/or an organization.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A license.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "licenses")]
pub struct Model {
    /// License id (UUIDv7: creation order, used for keyset pages).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Licensed product.
    pub product_id: Uuid,
    /// The license key (`KP-...`); a secret of the customer, never logged in full.
    #[sea_orm(unique)]
    pub key: String,
    /// User the license is assigned to directly.
    pub owner_user_id: Option<Uuid>,
    /// Organization owning the license.
    pub organization_id: Option<Uuid>,
    /// Stored status: `active`, `suspended` or `revoked` (expired is derived).
    pub status: String,
    /// End of the license.
    pub expires_at: Option<DateTime<Utc>>,
    /// End of maintenance (release eligibility).
    pub maintenance_expires_at: Option<DateTime<Utc>>,
    /// Seat limit (None = unlimited).
    pub allowed_activations: Option<i64>,
    /// Deactivation limit (None = unlimited).
    pub allowed_deactivations: Option<i64>,
    /// Current activations, maintained in the same transaction as each change.
    pub activations_count: i64,
    /// Deactivations used so far.
    pub deactivations_used: i64,
    /// Whether offline activation is allowed.
    pub offline_allowed: bool,
    /// Validity of an offline response, in days.
    pub offline_lease_days: Option<i64>,
    /// Key/value metadata, a JSON object of strings.
    pub metadata: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Where the license is counted in `license_tallies`: 0 no expiry or more than 30 days
    /// away, 1 expiring within 30 days, 2 expired (see `crate::tallies`).
    pub expiry_stage: i16,
}

// Hand-written so a full license key never reaches a log line.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("License")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("product_id", &self.product_id)
            .field("key", &crate::domain::LicenseKey::redact(&self.key))
            .field("status", &self.status)
            .field("activations_count", &self.activations_count)
            .finish_non_exhaustive()
    }
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
