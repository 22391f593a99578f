//! Product signing keys: the active key signs, rotation retires it, retired keys still verify.

use chrono::Utc;
use ed25519_dalek::{SigningKey, VerifyingKey};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use tracing::{info, instrument};
use uuid::Uuid;

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    crypto::{MasterKey, ProductKeys, open_signing_key},
    entities::{product, product_key},
};

/// A public key as the vendor console and `GET /api/v1/products/{id}/public-key` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyInfo {
    /// Key id.
    pub kid: String,
    /// Ed25519 public key, base64url.
    pub public_key: String,
    /// Whether it signs new files (false: retired, still verifies).
    pub active: bool,
}

/// The product's keys, the active one first, then retired ones, newest first.
pub async fn public_keys(
    db: &Db,
    account_id: Uuid,
    product_id: Uuid,
) -> Result<Vec<PublicKeyInfo>> {
    let product = find_product(db, account_id, product_id).await?;
    let mut keys = vec![PublicKeyInfo {
        kid: product.kid,
        public_key: product.public_key,
        active: true,
    }];
    let retired = product_key::Entity::find()
        .filter(product_key::Column::ProductId.eq(product_id))
        .filter(product_key::Column::AccountId.eq(account_id))
        .order_by_desc(product_key::Column::RetiredAt)
        .all(db)
        .await?;
    keys.extend(retired.into_iter().map(|k| PublicKeyInfo {
        kid: k.kid,
        public_key: k.public_key,
        active: false,
    }));
    Ok(keys)
}

/// The verifying key `kid` of a product (active or retired), if it has one.
pub async fn verifying_key<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    product_id: Uuid,
    kid: &str,
) -> Result<Option<VerifyingKey>> {
    let product = find_product(conn, account_id, product_id).await?;
    let public = if product.kid == kid {
        Some(product.public_key)
    } else {
        product_key::Entity::find()
            .filter(product_key::Column::ProductId.eq(product_id))
            .filter(product_key::Column::Kid.eq(kid))
            .one(conn)
            .await?
            .map(|k| k.public_key)
    };
    Ok(public.and_then(|p| sdk::keys::parse_public_key(&p).ok()))
}

/// The active signing key of a product and its `kid` (opened with the master key).
pub(crate) fn active_signing_key(
    master: &MasterKey,
    product: &product::Model,
) -> Result<(String, SigningKey)> {
    Ok((
        product.kid.clone(),
        open_signing_key(master, &product.encrypted_private_key)?,
    ))
}

pub(crate) async fn find_product<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    product_id: Uuid,
) -> Result<product::Model> {
    product::Entity::find_by_id(product_id)
        .filter(product::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Makes a new key the product's active key; the old one is kept for verification. Returns
/// the new `kid`.
#[instrument(skip_all, fields(account.id = %account_id, product.id = %product_id))]
pub async fn rotate(
    db: &Db,
    master: &MasterKey,
    account_id: Uuid,
    product_id: Uuid,
    actor: Option<(Uuid, &str)>,
) -> Result<String> {
    let fresh = ProductKeys::generate(master)?;
    let tx = db.begin().await?;
    let old = find_product(&tx, account_id, product_id).await?;
    product_key::Entity::insert(product_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account_id),
        product_id: Set(product_id),
        kid: Set(old.kid.clone()),
        public_key: Set(old.public_key.clone()),
        encrypted_private_key: Set(old.encrypted_private_key.clone()),
        retired_at: Set(Utc::now()),
    })
    .exec_without_returning(&tx)
    .await?;
    let new_kid = fresh.kid.clone();
    product::Entity::update(product::ActiveModel {
        id: Set(product_id),
        kid: Set(fresh.kid),
        public_key: Set(fresh.public_key),
        encrypted_private_key: Set(fresh.encrypted_private_key),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: actor.map(|a| a.0),
            actor_email: actor.map_or("", |a| a.1),
            organization_id: None,
            action: "product.rotate_key",
            target_type: "product",
            target_id: product_id.to_string(),
            outcome: Outcome::Success,
            ip: None,
            details: serde_json::json!({"old_kid": old.kid, "new_kid": new_kid}),
        },
    )
    .await?;
    tx.commit().await?;
    info!(kid = %new_kid, "Product key rotated.");
    Ok(new_kid)
}
