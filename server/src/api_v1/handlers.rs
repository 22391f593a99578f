//! The handlers of `/api/v1`: parse, rate-limit, call `service::online`, answer JSON.

use std::sync::Arc;

use app::state::{AppState, RequestContext};
use axum::{
    Extension, Json,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use service::online::{self, DeactivationCredential, OnlineActivate};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiError, ApiLimits, error::ErrorBody};

/// What every handler needs from the request.
struct Caller {
    account_id: Uuid,
    ip: Option<String>,
    request_id: String,
}

fn caller(ctx: &RequestContext, limits: &ApiLimits) -> Result<Caller, ApiError> {
    limits.check_ip(ctx.ip.as_deref())?;
    let account = ctx.account.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "ACCOUNT_NOT_FOUND",
            "No vendor account answers at this address.",
        )
    })?;
    Ok(Caller {
        account_id: account.id,
        ip: ctx.ip.clone(),
        request_id: ctx.request_id.clone(),
    })
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("The body is not valid: {e}.")))
}

/// The `{id}` of an address. Taken as text and read here, so a malformed id gets the API's
/// error shape rather than axum's plain-text rejection.
fn path_id(raw: &str, what: &str) -> Result<Uuid, ApiError> {
    sdk::documents::plain_uuid(raw).map_err(|_| {
        ApiError::invalid(format!(
            "The address does not name {what}: an id is a lowercase hyphenated UUID."
        ))
    })
}

/// `request_id` as the protocol writes ids (one spelling: lowercase, hyphenated).
fn strict_uuid<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|text| {
            sdk::documents::plain_uuid(&text)
                .map_err(|reason| serde::de::Error::custom(format!("`request_id` {reason}")))
        })
        .transpose()
}

/// `POST /api/v1/activations`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivateBody {
    /// The license key.
    #[schema(min_length = 1, max_length = 128)]
    pub license_key: String,
    /// Hex SHA-256 of the machine's components (64 characters).
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub fingerprint: String,
    /// Host name: visible text, without invisible or direction-changing characters.
    #[schema(min_length = 1, max_length = 255)]
    pub hostname: String,
    /// Operating system.
    #[serde(default)]
    #[schema(max_length = 255)]
    pub os: String,
    /// Application version.
    #[schema(max_length = 64)]
    pub app_version: Option<String>,
    /// The client's Ed25519 public key (32 bytes, base64url without padding); with it the
    /// answer carries a signed activation file. Small-order keys are refused.
    #[schema(pattern = "^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$")]
    pub client_pub: Option<String>,
    /// The SDK's request id, echoed in the signed activation.
    #[serde(default, deserialize_with = "strict_uuid")]
    pub request_id: Option<Uuid>,
}

/// An activation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivateAnswer {
    /// The activation (machine) id.
    pub activation_id: Uuid,
    /// False when this machine already held a seat.
    pub created: bool,
    /// Armoured `KEYPORT ACTIVATION RESPONSE` signed by the product key (when `client_pub`
    /// was sent).
    pub certificate: Option<String>,
}

/// Activates a machine: takes a seat, or returns the machine's existing one.
#[utoipa::path(post, path = "/api/v1/activations", request_body = ActivateBody,
    responses(
        (status = 200, body = ActivateAnswer),
        (status = 400, body = ErrorBody, description = "INVALID_REQUEST: the body does not match the schema, or a value is refused for what no schema can say (a `client_pub` that is not a usable Ed25519 key, a text with an invisible or direction-changing character)"),
        (status = 403, body = ErrorBody, description = "LICENSE_EXPIRED, LICENSE_SUSPENDED, LICENSE_REVOKED"),
        (status = 404, body = ErrorBody, description = "LICENSE_NOT_FOUND"),
        (status = 409, body = ErrorBody, description = "ACTIVATION_LIMIT_REACHED"),
        (status = 429, body = ErrorBody, description = "RATE_LIMITED"),
        (status = 503, body = ErrorBody, description = "SERVICE_BUSY (with Retry-After)"),
    ))]
pub async fn activate(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Extension(limits): Extension<Arc<ApiLimits>>,
    body: Bytes,
) -> Result<Json<ActivateAnswer>, ApiError> {
    let c = caller(&ctx, &limits)?;
    let body: ActivateBody = parse(&body)?;
    limits.check_license_key(&body.license_key)?;
    let req = OnlineActivate {
        license_key: body.license_key,
        fingerprint: body.fingerprint,
        hostname: body.hostname,
        os: body.os,
        app_version: body.app_version,
        client_pub: body.client_pub,
        request_id: body.request_id,
    };
    let done = online::activate(&state.db, &state.master_key, c.account_id, req)
        .await
        .map_err(|e| ApiError::from_service(e, "LICENSE_NOT_FOUND", &c.request_id))?;
    Ok(Json(ActivateAnswer {
        activation_id: done.activation_id,
        created: done.created,
        certificate: done.certificate,
    }))
}

/// `POST /api/v1/licenses/validate` and heartbeats.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MachineBody {
    /// The license key.
    #[schema(min_length = 1, max_length = 128)]
    pub license_key: String,
    /// Hex SHA-256 of the machine's components.
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub fingerprint: String,
}

/// A validation: whether this machine may run, signed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidateAnswer {
    /// True when the license is active and this machine holds a seat.
    pub valid: bool,
    /// Why not, when not valid.
    pub code: Option<String>,
    /// The license's effective status.
    pub status: String,
    /// The machine's activation.
    pub activation_id: Option<Uuid>,
    /// End of the license.
    pub license_expires_at: Option<DateTime<Utc>>,
    /// The same answer as an armoured `KEYPORT VALIDATION` signed by the product key.
    pub signed: String,
}

/// Validates a license for a machine.
#[utoipa::path(post, path = "/api/v1/licenses/validate", request_body = MachineBody,
    responses(
        (status = 200, body = ValidateAnswer),
        (status = 400, body = ErrorBody, description = "INVALID_REQUEST"),
        (status = 404, body = ErrorBody, description = "LICENSE_NOT_FOUND"),
        (status = 429, body = ErrorBody, description = "RATE_LIMITED"),
        (status = 503, body = ErrorBody, description = "SERVICE_BUSY (with Retry-After)"),
    ))]
pub async fn validate(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Extension(limits): Extension<Arc<ApiLimits>>,
    body: Bytes,
) -> Result<Json<ValidateAnswer>, ApiError> {
    let c = caller(&ctx, &limits)?;
    let body: MachineBody = parse(&body)?;
    limits.check_license_key(&body.license_key)?;
    let done = online::validate(
        &state.db,
        &state.master_key,
        c.account_id,
        &body.license_key,
        &body.fingerprint,
    )
    .await
    .map_err(|e| ApiError::from_service(e, "LICENSE_NOT_FOUND", &c.request_id))?;
    let v = done.validation;
    Ok(Json(ValidateAnswer {
        valid: v.valid,
        code: v.code,
        status: v.license.status,
        activation_id: v.activation_id,
        license_expires_at: v.license.expires_at,
        signed: done.signed,
    }))
}

/// A heartbeat.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeartbeatAnswer {
    /// The time recorded.
    pub last_seen_at: DateTime<Utc>,
}

/// Records that the machine is running.
#[utoipa::path(post, path = "/api/v1/activations/{id}/heartbeat", request_body = MachineBody,
    params(("id" = Uuid, Path, description = "Activation id")),
    responses(
        (status = 200, body = HeartbeatAnswer),
        (status = 400, body = ErrorBody, description = "INVALID_REQUEST"),
        (status = 403, body = ErrorBody, description = "LICENSE_EXPIRED, LICENSE_SUSPENDED, LICENSE_REVOKED"),
        (status = 404, body = ErrorBody, description = "ACTIVATION_NOT_FOUND"),
        (status = 409, body = ErrorBody, description = "FINGERPRINT_MISMATCH, ALREADY_DEACTIVATED"),
        (status = 429, body = ErrorBody, description = "RATE_LIMITED"),
        (status = 503, body = ErrorBody, description = "SERVICE_BUSY (with Retry-After)"),
    ))]
pub async fn heartbeat(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Extension(limits): Extension<Arc<ApiLimits>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<HeartbeatAnswer>, ApiError> {
    let c = caller(&ctx, &limits)?;
    let id = path_id(&id, "an activation")?;
    let body: MachineBody = parse(&body)?;
    limits.check_license_key(&body.license_key)?;
    let at = online::heartbeat(
        &state.db,
        c.account_id,
        id,
        &body.license_key,
        &body.fingerprint,
    )
    .await
    .map_err(|e| ApiError::from_service(e, "ACTIVATION_NOT_FOUND", &c.request_id))?;
    Ok(Json(HeartbeatAnswer { last_seen_at: at }))
}

/// `POST /api/v1/activations/{id}/deactivate`: exactly one of the two (the schema's `oneOf`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum DeactivateBody {
    /// A machine activated without a client key.
    LicenseKey(DeactivateWithLicenseKey),
    /// A machine with a client key: its signed deactivation request.
    Proof(DeactivateWithProof),
}

/// Deactivation by license key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeactivateWithLicenseKey {
    /// The license key.
    #[schema(min_length = 1, max_length = 128)]
    pub license_key: String,
}

/// Deactivation by proof.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeactivateWithProof {
    /// An armoured `KEYPORT DEACTIVATION REQUEST` signed by the machine's client key.
    #[schema(min_length = 1)]
    pub proof: String,
}

/// What the body is read as, for sentences more useful than "did not match any variant".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeactivateFields {
    license_key: Option<String>,
    proof: Option<String>,
}

/// A deactivation.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeactivateAnswer {
    /// Always true.
    pub deactivated: bool,
    /// An armoured `KEYPORT DEACTIVATION RECEIPT` when a proof was sent.
    pub receipt: Option<String>,
}

/// Frees the machine's seat (counts against the allowed deactivations).
#[utoipa::path(post, path = "/api/v1/activations/{id}/deactivate", request_body = DeactivateBody,
    params(("id" = Uuid, Path, description = "Activation id")),
    responses(
        (status = 200, body = DeactivateAnswer),
        (status = 400, body = ErrorBody, description = "INVALID_REQUEST: the body does not match the schema, or the `proof` is not a valid deactivation request of this machine (its sentence says why)"),
        (status = 404, body = ErrorBody, description = "ACTIVATION_NOT_FOUND"),
        (status = 409, body = ErrorBody, description = "DEACTIVATION_LIMIT_REACHED, FINGERPRINT_MISMATCH, ALREADY_DEACTIVATED"),
        (status = 429, body = ErrorBody, description = "RATE_LIMITED"),
        (status = 503, body = ErrorBody, description = "SERVICE_BUSY (with Retry-After)"),
    ))]
pub async fn deactivate(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Extension(limits): Extension<Arc<ApiLimits>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<DeactivateAnswer>, ApiError> {
    let c = caller(&ctx, &limits)?;
    let id = path_id(&id, "an activation")?;
    let body: DeactivateFields = parse(&body)?;
    let body = match (body.license_key, body.proof) {
        (Some(license_key), None) => {
            DeactivateBody::LicenseKey(DeactivateWithLicenseKey { license_key })
        }
        (None, Some(proof)) => DeactivateBody::Proof(DeactivateWithProof { proof }),
        _ => {
            return Err(ApiError::invalid(
                "Send exactly one of `license_key` and `proof`.",
            ));
        }
    };
    let credential = match body {
        DeactivateBody::LicenseKey(b) => {
            limits.check_license_key(&b.license_key)?;
            DeactivationCredential::LicenseKey(b.license_key)
        }
        DeactivateBody::Proof(b) => DeactivationCredential::Proof(b.proof),
    };
    let receipt = online::deactivate(
        &state.db,
        &state.master_key,
        c.account_id,
        id,
        credential,
        c.ip.as_deref(),
    )
    .await
    .map_err(|e| ApiError::from_service(e, "ACTIVATION_NOT_FOUND", &c.request_id))?;
    Ok(Json(DeactivateAnswer {
        deactivated: true,
        receipt,
    }))
}

/// One public key of a product.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicKey {
    /// Key id (first 16 hex of the SHA-256 of the key).
    pub kid: String,
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, base64url without padding.
    pub public_key: String,
    /// True for the key that signs new files; retired keys still verify old ones.
    pub active: bool,
}

/// A product's public keys.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicKeysAnswer {
    /// The product.
    pub product_id: Uuid,
    /// Active key first.
    pub keys: Vec<PublicKey>,
}

/// The product's signing keys, to verify responses, receipts and validations.
#[utoipa::path(get, path = "/api/v1/products/{id}/public-key",
    params(("id" = Uuid, Path, description = "Product id")),
    responses(
        (status = 200, body = PublicKeysAnswer),
        (status = 400, body = ErrorBody, description = "INVALID_REQUEST"),
        (status = 404, body = ErrorBody, description = "PRODUCT_NOT_FOUND"),
        (status = 429, body = ErrorBody, description = "RATE_LIMITED"),
        (status = 503, body = ErrorBody, description = "SERVICE_BUSY (with Retry-After)"),
    ))]
pub async fn public_key(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Extension(limits): Extension<Arc<ApiLimits>>,
    Path(id): Path<String>,
) -> Result<Json<PublicKeysAnswer>, ApiError> {
    let c = caller(&ctx, &limits)?;
    let id = path_id(&id, "a product")?;
    let keys = service::signing::public_keys(&state.db, c.account_id, id)
        .await
        .map_err(|e| ApiError::from_service(e, "PRODUCT_NOT_FOUND", &c.request_id))?;
    Ok(Json(PublicKeysAnswer {
        product_id: id,
        keys: keys
            .into_iter()
            .map(|k| PublicKey {
                kid: k.kid,
                algorithm: "Ed25519".into(),
                public_key: k.public_key,
                active: k.active,
            })
            .collect(),
    }))
}
