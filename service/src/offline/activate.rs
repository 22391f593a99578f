//! An uploaded activation request -> an offline activation and a signed response.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::{
    OfflineFile, OfflinePreview, OfflineRules, bad_file, exchange, record_exchange, sha256_hex,
};
use crate::{
    Db, Principal, Result, Scope,
    activations::{ActivationInput, ActivationMode, activate_in},
    audit::{AuditEntry, Outcome},
    crypto::MasterKey,
    deactivations::begin_seat_change,
    domain::LicenseKey,
    entities::{activation, license},
    licenses::visible,
    portal, signing,
};

struct Checked {
    request: sdk::ActivationRequest,
    sha256: String,
    license: license::Model,
    preview: OfflinePreview,
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
        sha256: sha256_hex(signed.payload()),
        request,
        license,
        preview,
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
        ..
    } = check(&tx, &scope, file, rules).await?;
    if let Some(done) = exchange(&tx, request.request_id).await? {
        if done.account_id != account_id || done.kind != "activate" || done.request_sha256 != sha256
        {
            return Err(bad_file(
                "This request id was already used by a different request.",
            ));
        }
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
    if !created && let Some(done) = exchange(&tx, request.request_id).await? {
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
    if !created {
        // The machine already holds a seat (it lost its local state and asked again): its new
        // client key is the one that will sign its deactivation.
        activation::Entity::update(activation::ActiveModel {
            id: Set(activation_id),
            client_pub: Set(Some(request.client_pub.clone())),
            ..Default::default()
        })
        .exec(&tx)
        .await?;
    }
    let product = signing::find_product(&tx, account_id, license.product_id).await?;
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
        &tx,
        account_id,
        request.request_id,
        "activate",
        sha256,
        activation_id,
        &contents,
    )
    .await?;
    portal::record_action(
        &tx,
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

fn response_filename(activation_id: Uuid) -> String {
    format!("keyport-activation-{}.txt", activation_id.simple())
}
