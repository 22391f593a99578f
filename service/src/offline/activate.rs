//! An uploaded activation request -> an offline activation and a signed response.

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::{
    OfflineFile, OfflinePreview, OfflineRules, bad_file, exchange, record_exchange, sha256_hex,
};
use crate::{
    Db, Principal, Result, Scope,
    activations::{ActivationInput, ActivationMode, activate_in, admits, live_activation},
    audit::{AuditEntry, Outcome},
    crypto::MasterKey,
    deactivations::begin_seat_change,
    domain::LicenseKey,
    entities::{activation, license, offline_exchange},
    licenses::visible,
    portal,
    refusal::Refusal,
    signing,
};

struct Checked {
    request: sdk::ActivationRequest,
    sha256: String,
    license: license::Model,
    preview: OfflinePreview,
    /// This very request was answered before and may be answered again.
    answered: Option<offline_exchange::Model>,
}

/// Whether the stored answer to a request may be given again: only while the activation it
/// records is live (and the license still admits it, checked by the caller). After a
/// deactivation a replay would hand out a fresh-looking lease for a seat that is free.
async fn answered_before<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    request: &sdk::ActivationRequest,
    sha256: &str,
) -> Result<Option<offline_exchange::Model>> {
    let Some(done) = exchange(conn, request.request_id).await? else {
        return Ok(None);
    };
    if done.account_id != account_id || done.kind != "activate" || done.request_sha256 != sha256 {
        return Err(bad_file(
            "This request id was already used by a different request.",
        ));
    }
    let live = activation::Entity::find_by_id(done.activation_id)
        .filter(activation::Column::DeactivatedAt.is_null())
        .one(conn)
        .await?
        .is_some();
    if !live {
        return Err(bad_file(
            "This request was answered before, and that activation has ended since: make a new request on the machine.",
        ));
    }
    Ok(Some(done))
}

/// Whether a new activation would find a free seat: the machine holds one already, or the
/// license has one left. Confirming checks again under the lock.
async fn seat_available<C: ConnectionTrait>(
    conn: &C,
    license: &license::Model,
    fingerprint: &str,
) -> Result<bool> {
    let Some(allowed) = license.allowed_activations else {
        return Ok(true);
    };
    if license.activations_count < allowed {
        return Ok(true);
    }
    Ok(live_activation(conn, license.id, fingerprint)
        .await?
        .is_some())
}

async fn check<C: ConnectionTrait>(
    conn: &C,
    scope: &Scope,
    file: &[u8],
    rules: OfflineRules,
) -> Result<Checked> {
    let signed = sdk::SignedFile::parse(sdk::Kind::ActivationRequest, file).map_err(bad_file)?;
    let request: sdk::ActivationRequest = signed.open_self_signed().map_err(bad_file)?;
    sdk::documents::check_age(request.created_at, Utc::now(), rules.max_age, rules.skew)
        .map_err(bad_file)?;
    let license = license::Entity::find()
        .filter(license::Column::AccountId.eq(scope.account_id()))
        .filter(license::Column::Key.eq(request.license_key.as_str()))
        .filter(visible(scope))
        .one(conn)
        .await?
        .ok_or_else(|| {
            bad_file("This request is for a license you cannot manage: it does not exist here or is not yours.")
        })?;
    if license.product_id != request.product_id {
        return Err(bad_file(
            "This request names another product than its license's.",
        ));
    }
    let sha256 = sha256_hex(signed.payload());
    // What confirming would refuse is refused now, with the same sentence, before anyone is
    // asked "Activate this machine?"; a replay of an answered request is held to the same
    // rules as a new one.
    let answered = answered_before(conn, scope.account_id(), &request, &sha256).await?;
    if let Some(refusal) = admits(&license, ActivationMode::Offline, Utc::now()) {
        return Err(refusal.into());
    }
    if answered.is_none() && !seat_available(conn, &license, &request.fingerprint).await? {
        return Err(Refusal::ActivationLimitReached.into());
    }
    let product = signing::find_product(conn, scope.account_id(), license.product_id).await?;
    let preview = OfflinePreview {
        license_id: license.id,
        license_key: LicenseKey::redact(&license.key),
        product_name: product.name,
        hostname: request.host.hostname.clone(),
        os: request.host.os.clone(),
        app_version: Some(request.host.app_version.clone()),
        fingerprint_prefix: request.fingerprint.chars().take(12).collect(),
        created_at: request.created_at,
    };
    Ok(Checked {
        sha256,
        request,
        license,
        preview,
        answered,
    })
}

/// Reads and checks an activation request without changing anything.
pub async fn preview_activation(
    db: &Db,
    scope: &Scope,
    file: &[u8],
    rules: OfflineRules,
) -> Result<OfflinePreview> {
    Ok(check(db, scope, file, rules).await?.preview)
}

/// Activates the machine of an uploaded request (the caller checked `offline.activate`) and
/// returns the signed response. The same request again returns the same response and takes
/// no second seat; the whole exchange is one transaction.
#[instrument(skip_all, fields(account.id = %principal.account_id()))]
pub async fn activate_offline(
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
        license,
        answered,
        ..
    } = check(&*tx, &scope, file, rules).await?;
    if let Some(done) = answered {
        tx.commit().await?;
        return Ok(OfflineFile {
            activation_id: done.activation_id,
            filename: response_filename(done.activation_id),
            contents: done.response,
            repeated: true,
        });
    }
    let input = ActivationInput {
        fingerprint: request.fingerprint.clone(),
        hostname: request.host.hostname.clone(),
        os: request.host.os.clone(),
        app_version: Some(request.host.app_version.clone()),
        mode: ActivationMode::Offline,
        client_pub: Some(request.client_pub.clone()),
    };
    let customer = matches!(principal, Principal::Customer(_));
    let (activation_id, created) =
        activate_in(&tx, account_id, license.id, input, "offline", customer).await?;
    if !created && let Some(done) = exchange(&*tx, request.request_id).await? {
        // The same request raced us and won (PostgreSQL: it held the license lock while we
        // waited): its answer is ours, and nothing of ours is written.
        drop(tx);
        return Ok(OfflineFile {
            activation_id: done.activation_id,
            filename: response_filename(done.activation_id),
            contents: done.response,
            repeated: true,
        });
    }
    let product = signing::find_product(&*tx, account_id, license.product_id).await?;
    let (kid, key) = signing::active_signing_key(master, &product)?;
    let now = Utc::now();
    let response = sdk::ActivationResponse {
        v: sdk::VERSION,
        kid,
        request_id: request.request_id,
        activation_id,
        product_id: product.id,
        fingerprint: request.fingerprint.clone(),
        client_pub: request.client_pub.clone(),
        issued_at: now,
        expires_at: license
            .offline_lease_days
            .map(|d| now + chrono::Duration::days(d)),
        license: super::license_facts(&license, now),
    };
    let contents = sdk::seal(&response, &key);
    record_exchange(
        &*tx,
        account_id,
        request.request_id,
        "activate",
        sha256,
        activation_id,
        &contents,
    )
    .await?;
    portal::record_action(
        &*tx,
        principal,
        AuditEntry {
            account_id,
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: license.organization_id,
            action: "offline.activate",
            target_type: "license",
            target_id: license.id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({"activation_id": activation_id, "request_id": request.request_id, "channel": "offline"}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(OfflineFile {
        activation_id,
        filename: response_filename(activation_id),
        contents,
        repeated: false,
    })
}

/// The response's file name without the portal's name, which the server puts in front.
fn response_filename(activation_id: Uuid) -> String {
    format!("activation-{}.txt", activation_id.simple())
}
