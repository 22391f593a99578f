//! An uploaded deactivation request (signed by the machine's client key) -> the seat is freed
//! and a signed receipt is returned.

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait};
use tracing::instrument;
use uuid::Uuid;

use super::{
    OfflineFile, OfflinePreview, OfflineRules, bad_file, exchange, record_exchange, sha256_hex,
};
use crate::{
    Db, Principal, Result, Scope, ServiceError,
    crypto::MasterKey,
    deactivations::{
        Actor, DeactivationMethod, begin_seat_change, deactivate_in, visible_activation,
    },
    domain::LicenseKey,
    entities::{activation, license},
    refusal::Refusal,
    signing,
};

struct Checked {
    request: sdk::DeactivationRequest,
    sha256: String,
    activation: activation::Model,
    license: license::Model,
    preview: OfflinePreview,
}

/// Checks a deactivation proof for `activation`, in the protocol's order, for the portal's
/// upload and for `POST /api/v1/activations/{id}/deactivate` alike, so a file gets the same
/// first refusal from both: the machine's key, the signature, the document (`v`, strict JSON,
/// field formats), then the server's rules (the activation and fingerprint it names, a replay,
/// an ended activation, the age). Returns the request and the SHA-256 of its payload.
pub(crate) async fn check_proof<C: ConnectionTrait>(
    conn: &C,
    activation: &activation::Model,
    signed: &sdk::SignedFile,
    rules: OfflineRules,
) -> Result<(sdk::DeactivationRequest, String)> {
    let client_pub = activation.client_pub.as_deref().ok_or_else(|| {
        bad_file(
            "This machine was activated online: it has no offline key to prove its deactivation.",
        )
    })?;
    let key = sdk::keys::parse_public_key(client_pub).map_err(bad_file)?;
    // The proof must come from the machine's own key: anyone else's signature is refused.
    signed.verify(&key).map_err(bad_file)?;
    let request: sdk::DeactivationRequest = signed.document().map_err(bad_file)?;
    if request.activation_id != activation.id {
        return Err(bad_file("The proof is for another activation."));
    }
    if request.fingerprint != activation.fingerprint {
        return Err(Refusal::FingerprintMismatch.into());
    }
    if let Some(done) = exchange(conn, request.request_id).await? {
        return Err(bad_file(format!(
            "This deactivation request was already processed on {}: the seat is already free.",
            done.created_at.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    if activation.deactivated_at.is_some() {
        return Err(Refusal::AlreadyDeactivated.into());
    }
    sdk::documents::check_age(request.created_at, Utc::now(), rules.max_age, rules.skew)
        .map_err(bad_file)?;
    Ok((request, sha256_hex(signed.payload())))
}

async fn check<C: ConnectionTrait>(
    conn: &C,
    scope: &Scope,
    file: &[u8],
    rules: OfflineRules,
) -> Result<Checked> {
    let signed = sdk::SignedFile::parse(sdk::Kind::DeactivationRequest, file).map_err(bad_file)?;
    // Read unverified only to find the machine whose key must have signed it.
    let activation_id = signed.unverified_activation_id().map_err(bad_file)?;
    let activation = match visible_activation(conn, scope, activation_id).await {
        Err(ServiceError::NotFound) => {
            return Err(bad_file(
                "This request is for a machine you cannot manage: it does not exist here or is not yours.",
            ));
        }
        other => other?,
    };
    let (request, sha256) = check_proof(conn, &activation, &signed, rules).await?;
    let license = license::Entity::find_by_id(activation.license_id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let product = signing::find_product(conn, scope.account_id(), license.product_id).await?;
    let preview = OfflinePreview {
        license_id: license.id,
        license_key: LicenseKey::redact(&license.key),
        product_name: product.name,
        hostname: activation.hostname.clone(),
        os: activation.os.clone(),
        app_version: activation.app_version.clone(),
        fingerprint_prefix: activation.fingerprint.chars().take(12).collect(),
        created_at: request.created_at,
    };
    // Confirming would refuse a license with no deactivation left: so does the upload.
    if license
        .allowed_deactivations
        .is_some_and(|allowed| license.deactivations_used >= allowed)
    {
        return Err(Refusal::DeactivationLimitReached.into());
    }
    Ok(Checked {
        sha256,
        request,
        activation,
        license,
        preview,
    })
}

/// Reads and checks a deactivation request without changing anything.
pub async fn preview_deactivation(
    db: &Db,
    scope: &Scope,
    file: &[u8],
    rules: OfflineRules,
) -> Result<OfflinePreview> {
    Ok(check(db, scope, file, rules).await?.preview)
}

/// Frees the seat of an uploaded deactivation request (the caller checked
/// `offline.deactivate`), counts the deactivation, and returns the signed receipt. A replayed
/// request is refused and changes nothing.
#[instrument(skip_all, fields(account.id = %principal.account_id()))]
pub async fn deactivate_offline(
    db: &Db,
    master: &MasterKey,
    principal: &Principal,
    file: &[u8],
    rules: OfflineRules,
    ip: Option<&str>,
) -> Result<OfflineFile> {
    let scope = Scope::of(principal);
    let account_id = scope.account_id();
    let tx = begin_seat_change(db).await?;
    let Checked {
        request,
        sha256,
        activation,
        license,
        ..
    } = check(&*tx, &scope, file, rules).await?;
    let actor = Actor {
        user_id: Some(principal.user_id()),
        email: principal.email(),
        ip,
        customer: matches!(principal, Principal::Customer(_)),
    };
    let deactivated_at = deactivate_in(
        &tx,
        &activation,
        DeactivationMethod::OfflineProof,
        actor,
        "offline",
    )
    .await?;
    let product = signing::find_product(&*tx, account_id, license.product_id).await?;
    let (kid, key) = signing::active_signing_key(master, &product)?;
    let receipt = sdk::DeactivationReceipt {
        v: sdk::VERSION,
        kid,
        request_id: request.request_id,
        activation_id: activation.id,
        product_id: product.id,
        fingerprint: activation.fingerprint.clone(),
        deactivated_at,
    };
    let contents = sdk::seal(&receipt, &key);
    record_exchange(
        &*tx,
        account_id,
        request.request_id,
        "deactivate",
        sha256,
        activation.id,
        &contents,
    )
    .await?;
    tx.commit().await?;
    Ok(OfflineFile {
        activation_id: activation.id,
        filename: receipt_filename(activation.id),
        contents,
        repeated: false,
    })
}

/// The receipt's file name without the portal's name, which the server puts in front.
fn receipt_filename(activation_id: Uuid) -> String {
    format!("deactivation-receipt-{}.txt", activation_id.simple())
}
