//! The licensing API's rules for connected machines: activate, validate, heartbeat,
//! deactivate. Each is one transaction; the server maps errors to stable codes
//! ([`crate::refusal::Refusal`]).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    Db, Result, ServiceError,
    activations::{self, ActivationInput, ActivationMode},
    crypto::MasterKey,
    deactivations::{Actor, DeactivationMethod, begin_seat_change, deactivate_in},
    entities::{activation, license},
    licenses::LicenseStatus,
    offline::{bad_file, check_proof, license_facts, record_exchange},
    refusal::Refusal,
    signing,
};

/// A connected machine asking for a seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineActivate {
    /// The license key.
    pub license_key: String,
    /// Hex SHA-256 of the machine's components.
    pub fingerprint: String,
    /// Host name.
    pub hostname: String,
    /// Operating system.
    pub os: String,
    /// Application version.
    pub app_version: Option<String>,
    /// The client's Ed25519 public key, base64url: with it, the answer carries a signed
    /// activation file the SDK verifies like an offline response.
    pub client_pub: Option<String>,
    /// The SDK's request id (echoed in the signed activation).
    pub request_id: Option<Uuid>,
}

/// The answer to an activation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineActivation {
    /// The activation.
    pub activation_id: Uuid,
    /// False when this machine already held a seat.
    pub created: bool,
    /// An armoured activation response signed by the product key (when `client_pub` was given).
    pub certificate: Option<String>,
}

/// The answer to a validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineValidation {
    /// The signed document.
    pub validation: sdk::Validation,
    /// The same, armoured and signed by the product key.
    pub signed: String,
}

async fn license_by_key<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    key: &str,
) -> Result<license::Model> {
    license::Entity::find()
        .filter(license::Column::AccountId.eq(account_id))
        .filter(license::Column::Key.eq(key.trim()))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

fn refusal_of_status(status: LicenseStatus) -> Option<Refusal> {
    match status {
        LicenseStatus::Active => None,
        LicenseStatus::Suspended => Some(Refusal::LicenseSuspended),
        LicenseStatus::Revoked => Some(Refusal::LicenseRevoked),
        LicenseStatus::Expired => Some(Refusal::LicenseExpired),
    }
}

/// Activates a connected machine (channel `api`).
pub async fn activate(
    db: &Db,
    master: &MasterKey,
    account_id: Uuid,
    req: OnlineActivate,
) -> Result<OnlineActivation> {
    let input = ActivationInput {
        fingerprint: req.fingerprint,
        hostname: req.hostname,
        os: req.os,
        app_version: req.app_version,
        mode: ActivationMode::Online,
        client_pub: req.client_pub.clone(),
    };
    let done = activations::activate_by_key(db, account_id, &req.license_key, input, "api").await?;
    let activation_id = done.id;
    let certificate = match req.client_pub {
        None => None,
        Some(client_pub) => {
            // Signed after the write transaction: the seat is taken whatever happens here.
            let lic = done.license;
            let product = signing::find_product(db, account_id, lic.product_id).await?;
            let (kid, key) = signing::active_signing_key(master, &product)?;
            let now = Utc::now();
            let response = sdk::ActivationResponse {
                v: sdk::VERSION,
                kid,
                request_id: req.request_id.unwrap_or_else(Uuid::new_v4),
                activation_id,
                product_id: product.id,
                fingerprint: done.fingerprint,
                client_pub,
                issued_at: now,
                expires_at: lic
                    .offline_lease_days
                    .map(|d| now + chrono::Duration::days(d)),
                license: license_facts(&lic, now),
            };
            Some(sdk::seal(&response, &key))
        }
    };
    let created = done.created;
    Ok(OnlineActivation {
        activation_id,
        created,
        certificate,
    })
}

/// Whether the machine `fingerprint` may run on the license: a signed answer either way.
pub async fn validate(
    db: &Db,
    master: &MasterKey,
    account_id: Uuid,
    license_key: &str,
    fingerprint: &str,
) -> Result<OnlineValidation> {
    let lic = license_by_key(db, account_id, license_key).await?;
    let fingerprint = fingerprint.trim().to_ascii_lowercase();
    if fingerprint.len() != 64 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::invalid(
            "fingerprint",
            "The fingerprint must be 64 hexadecimal characters.",
        ));
    }
    let now = Utc::now();
    let live = activations::live_activation(db, lic.id, &fingerprint).await?;
    let code = refusal_of_status(LicenseStatus::derive(&lic.status, lic.expires_at, now))
        .or(live.is_none().then_some(Refusal::FingerprintMismatch))
        .map(|r| r.code().to_owned());
    let product = signing::find_product(db, account_id, lic.product_id).await?;
    let (kid, key) = signing::active_signing_key(master, &product)?;
    let validation = sdk::Validation {
        v: sdk::VERSION,
        kid,
        product_id: product.id,
        fingerprint,
        activation_id: live.map(|a| a.id),
        valid: code.is_none(),
        code,
        issued_at: now,
        license: license_facts(&lic, now),
    };
    let signed = sdk::seal(&validation, &key);
    Ok(OnlineValidation { validation, signed })
}

async fn live_activation<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<(activation::Model, license::Model)> {
    let found = activation::Entity::find_by_id(id)
        .filter(activation::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let lic = license::Entity::find_by_id(found.license_id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((found, lic))
}

/// A running machine checks in: updates `last_seen_at`. The license key authenticates it.
pub async fn heartbeat(
    db: &Db,
    account_id: Uuid,
    activation_id: Uuid,
    license_key: &str,
    fingerprint: &str,
) -> Result<DateTime<Utc>> {
    let (found, lic) = live_activation(db, account_id, activation_id).await?;
    if lic.key != license_key.trim() {
        return Err(ServiceError::NotFound);
    }
    if found.deactivated_at.is_some() {
        return Err(Refusal::AlreadyDeactivated.into());
    }
    if found.fingerprint != fingerprint.trim().to_ascii_lowercase() {
        return Err(Refusal::FingerprintMismatch.into());
    }
    let now = Utc::now();
    if let Some(r) = refusal_of_status(LicenseStatus::derive(&lic.status, lic.expires_at, now)) {
        return Err(r.into());
    }
    activation::Entity::update(activation::ActiveModel {
        id: Set(found.id),
        last_seen_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(now)
}

/// How a connected machine proves it may give up its seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeactivationCredential {
    /// A deactivation request signed by the activation's client key (required when it has one).
    Proof(String),
    /// The license key (machines activated without a client key).
    LicenseKey(String),
}

/// Frees the seat of a connected machine (channel `api`); returns a signed receipt when a
/// proof was given.
pub async fn deactivate(
    db: &Db,
    master: &MasterKey,
    account_id: Uuid,
    activation_id: Uuid,
    credential: DeactivationCredential,
    ip: Option<&str>,
) -> Result<Option<String>> {
    let rules = crate::offline::rules_for(db, account_id).await?;
    let tx = begin_seat_change(db).await?;
    let (found, lic) = live_activation(&*tx, account_id, activation_id).await?;
    let proof = match (&found.client_pub, credential) {
        (_, DeactivationCredential::Proof(file)) => {
            let signed = sdk::SignedFile::parse(sdk::Kind::DeactivationRequest, file.as_bytes())
                .map_err(bad_file)?;
            // The portal picks the machine by this id; here the address names it, and the
            // two must agree before the signature is checked against the machine's key.
            if signed.unverified_activation_id().map_err(bad_file)? != found.id {
                return Err(bad_file("The proof is for another activation."));
            }
            Some(check_proof(&*tx, &found, &signed, rules).await?)
        }
        (Some(_), DeactivationCredential::LicenseKey(_)) => {
            return Err(ServiceError::invalid(
                "proof",
                "This machine has a client key: send a deactivation request signed with it.",
            ));
        }
        (None, DeactivationCredential::LicenseKey(key)) if key.trim() == lic.key => None,
        (None, DeactivationCredential::LicenseKey(_)) => return Err(ServiceError::NotFound),
    };
    let actor = Actor {
        user_id: None,
        email: "",
        ip,
        customer: false,
    };
    let deactivated_at =
        deactivate_in(&tx, &found, DeactivationMethod::Online, actor, "api").await?;
    let receipt = match proof {
        None => None,
        Some((doc, sha)) => {
            let product = signing::find_product(&*tx, account_id, lic.product_id).await?;
            let (kid, key) = signing::active_signing_key(master, &product)?;
            let receipt = sdk::seal(
                &sdk::DeactivationReceipt {
                    v: sdk::VERSION,
                    kid,
                    request_id: doc.request_id,
                    activation_id: found.id,
                    product_id: product.id,
                    fingerprint: found.fingerprint.clone(),
                    deactivated_at,
                },
                &key,
            );
            record_exchange(
                &*tx,
                account_id,
                doc.request_id,
                "deactivate",
                sha,
                found.id,
                &receipt,
            )
            .await?;
            Some(receipt)
        }
    };
    tx.commit().await?;
    Ok(receipt)
}
