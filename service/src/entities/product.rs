//! `products`: what a vendor licenses, with its Ed25519 signing key.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A product.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    /// Product id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Product name.
    pub name: String,
    /// Whether customers see it in the catalog.
    pub visible: bool,
    /// Key id: first 16 hex of SHA-256 of the public key.
    pub kid: String,
    /// Ed25519 public key, base64url.
    pub public_key: String,
    /// Private key sealed with the master key (XChaCha20-Poly1305), base64url; safe to print.
    pub encrypted_private_key: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// The vendor's words for making an offline request file in this product (None: the
    /// portal's generic sentence).
    pub offline_help: Option<String>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
