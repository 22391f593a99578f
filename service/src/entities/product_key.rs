//! `product_keys`: a product's retired signing keys, kept to verify what they signed.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A retired key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_keys")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Product.
    pub product_id: Uuid,
    /// Key id.
    pub kid: String,
    /// Ed25519 public key, base64url.
    pub public_key: String,
    /// Private key sealed with the master key.
    pub encrypted_private_key: String,
    /// When a newer key replaced it.
    pub retired_at: DateTime<Utc>,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
