//! Offline activation and deactivation in the portal: a person uploads a request file made by
//! the SDK, sees what it asks for, confirms, and downloads the signed answer. The file format
//! is the `sdk` crate's (docs/offline-protocol.md); the rules are the same as online.

mod activate;
mod deactivate;
mod staged;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use activate::{activate_offline, preview_activation};
pub(crate) use deactivate::check_proof;
pub use deactivate::{deactivate_offline, preview_deactivation};
pub use staged::{
    HOLD, OfflineAnswer, OfflineDone, StagedUpload, UploadKind, answer, confirm, review, rules_for,
    stage,
};

use crate::{
    Result, ServiceError,
    entities::{license, offline_exchange},
    licenses::{LicenseStatus, rows::metadata_pairs},
};

/// Age limits of uploaded requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfflineRules {
    /// Oldest request accepted (DESIGN.md: the account's maximum age, default 7 days; see
    /// [`rules_for`]).
    pub max_age: Duration,
    /// How far in the future a request may be dated (clock skew of the offline machine).
    pub skew: Duration,
}

impl Default for OfflineRules {
    fn default() -> Self {
        Self {
            max_age: Duration::days(7),
            skew: Duration::minutes(5),
        }
    }
}

/// What an uploaded file asks for, shown before the person confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflinePreview {
    /// The license concerned.
    pub license_id: Uuid,
    /// Its key, redacted (`KP-7Q2XM-…`).
    pub license_key: String,
    /// Product name.
    pub product_name: String,
    /// Machine host name.
    pub hostname: String,
    /// Machine operating system.
    pub os: String,
    /// Application version.
    pub app_version: Option<String>,
    /// First 12 hex characters of the fingerprint.
    pub fingerprint_prefix: String,
    /// When the SDK made the request.
    pub created_at: DateTime<Utc>,
}

/// A signed file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineFile {
    /// The activation concerned.
    pub activation_id: Uuid,
    /// A server-made file name (ASCII, no path).
    pub filename: String,
    /// The armoured file.
    pub contents: String,
    /// True when this request had already been processed and the stored answer is returned.
    pub repeated: bool,
}

/// A refused file: one message under the `file` field, as a sentence (the SDK's errors read
/// as clauses: "the file is truncated: ...").
pub(crate) fn bad_file(message: impl std::fmt::Display) -> ServiceError {
    ServiceError::invalid("file", &sentence(&message.to_string()))
}

/// A clause of the SDK ("the file is truncated: ...") as a sentence ("The file is truncated: ....").
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The license as signed files carry it.
pub(crate) fn license_facts(license: &license::Model, now: DateTime<Utc>) -> sdk::LicenseFacts {
    sdk::LicenseFacts {
        key: license.key.clone(),
        status: LicenseStatus::derive(&license.status, license.expires_at, now)
            .as_str()
            .to_owned(),
        expires_at: license.expires_at,
        maintenance_expires_at: license.maintenance_expires_at,
        allowed_activations: license.allowed_activations,
        metadata: metadata_pairs(&license.metadata).into_iter().collect(),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stored exchange for `request_id`, if any.
pub(crate) async fn exchange<C: ConnectionTrait>(
    conn: &C,
    request_id: Uuid,
) -> Result<Option<offline_exchange::Model>> {
    Ok(offline_exchange::Entity::find_by_id(request_id)
        .one(conn)
        .await?)
}

pub(crate) async fn record_exchange<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    request_id: Uuid,
    kind: &str,
    request_sha256: String,
    activation_id: Uuid,
    response: &str,
) -> Result<()> {
    offline_exchange::Entity::insert(offline_exchange::ActiveModel {
        request_id: Set(request_id),
        account_id: Set(account_id),
        kind: Set(kind.to_owned()),
        request_sha256: Set(request_sha256),
        activation_id: Set(activation_id),
        response: Set(response.to_owned()),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
