//! `activations`: a machine running a license.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// An activation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activations")]
pub struct Model {
    /// Activation id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// The license it uses.
    pub license_id: Uuid,
    /// Hex SHA-256 of the machine's components.
    pub fingerprint: String,
    /// Host name reported by the machine.
    pub hostname: String,
    /// Operating system reported by the machine.
    pub os: String,
    /// Application version.
    pub app_version: Option<String>,
    /// `online` or `offline`.
    pub mode: String,
    /// The offline client's Ed25519 public key, base64url.
    pub client_pub: Option<String>,
    /// When it was activated.
    pub activated_at: DateTime<Utc>,
    /// Last check-in.
    pub last_seen_at: DateTime<Utc>,
    /// When it was deactivated (None = current).
    pub deactivated_at: Option<DateTime<Utc>>,
    /// Who deactivated it.
    pub deactivated_by: Option<Uuid>,
    /// `online`, `offline-proof` or `portal`.
    pub deactivation_method: Option<String>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
