//! The payloads of the four files. Every struct denies unknown fields: a file with a field this
//! version does not know is refused rather than half-understood.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::{Kind, ProtocolError, keys, text};

/// An id as the protocol writes it: a plain, lowercase, hyphenated UUID
/// (`0192f0c2-7a3e-7c41-9b1d-2f5e8a6b4c10`); braces, `urn:uuid:`, upper case and the
/// 32-digit form are refused, so one id has one spelling.
pub fn plain_uuid(text: &str) -> Result<Uuid, &'static str> {
    const FORM: &str = "must be a lowercase hyphenated UUID";
    let id = Uuid::try_parse(text).map_err(|_| FORM)?;
    let mut buf = Uuid::encode_buffer();
    (id.hyphenated().encode_lower(&mut buf) == text)
        .then_some(id)
        .ok_or(FORM)
}

/// Strict readers of the protocol's ids and timestamps (`#[serde(deserialize_with)]`).
mod strict {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, de::Error};
    use uuid::Uuid;

    pub fn uuid<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
        let text = String::deserialize(d)?;
        super::plain_uuid(&text)
            .map_err(|reason| D::Error::custom(format!("an id {reason}, not \"{text}\"")))
    }

    pub fn uuid_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                super::plain_uuid(&text)
                    .map_err(|reason| D::Error::custom(format!("an id {reason}, not \"{text}\"")))
            })
            .transpose()
    }

    /// RFC 3339 in UTC, which the protocol writes with `Z`: `+00:00`, other offsets and a
    /// lowercase `z` are refused.
    fn utc(text: &str) -> Result<DateTime<Utc>, String> {
        let refused = || format!("a time must be RFC 3339 in UTC ending in `Z`, not \"{text}\"");
        if !text.ends_with('Z') {
            return Err(refused());
        }
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| refused())
    }

    pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        utc(&String::deserialize(d)?).map_err(D::Error::custom)
    }

    pub fn time_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| utc(&text).map_err(D::Error::custom))
            .transpose()
    }
}

/// A payload of one of the four kinds.
pub trait Document: Serialize + DeserializeOwned {
    /// Its file kind (armour label and signature domain).
    const KIND: Kind;

    /// Checks the values serde cannot (formats, lengths).
    fn validate(&self) -> Result<(), ProtocolError> {
        Ok(())
    }
}

/// `type` of an activation request: always `"activate"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivateType {
    /// The only value.
    Activate,
}

/// `type` of a deactivation request: always `"deactivate"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeactivateType {
    /// The only value.
    Deactivate,
}

/// Facts about the machine, shown to the person who uploads the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    /// Host name.
    pub hostname: String,
    /// Operating system and version.
    pub os: String,
    /// Version of the vendor's application.
    pub app_version: String,
}

/// 1. Activation request, signed by the client key it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationRequest {
    /// Protocol version (1).
    pub v: u32,
    /// Always `activate`.
    #[serde(rename = "type")]
    pub kind: ActivateType,
    /// Unique per request: uploading it again returns the same response.
    #[serde(deserialize_with = "strict::uuid")]
    pub request_id: Uuid,
    /// When the SDK made it.
    #[serde(deserialize_with = "strict::time")]
    pub created_at: DateTime<Utc>,
    /// The product the license is for.
    #[serde(deserialize_with = "strict::uuid")]
    pub product_id: Uuid,
    /// The license key.
    pub license_key: String,
    /// Hex SHA-256 of the machine's components.
    pub fingerprint: String,
    /// Machine facts.
    pub host: Host,
    /// The client's Ed25519 public key, base64url (32 bytes).
    pub client_pub: String,
}

/// The license as the response carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseFacts {
    /// The license key.
    pub key: String,
    /// `active`, `suspended`, `revoked` or `expired`.
    pub status: String,
    /// End of the license.
    #[serde(default, deserialize_with = "strict::time_opt")]
    pub expires_at: Option<DateTime<Utc>>,
    /// End of maintenance.
    #[serde(default, deserialize_with = "strict::time_opt")]
    pub maintenance_expires_at: Option<DateTime<Utc>>,
    /// Seat limit (None = unlimited).
    pub allowed_activations: Option<i64>,
    /// Vendor metadata.
    pub metadata: BTreeMap<String, String>,
}

/// 2. Activation response, signed by the product key `kid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationResponse {
    /// Protocol version (1).
    pub v: u32,
    /// Key id of the product key that signed it.
    pub kid: String,
    /// The request it answers.
    #[serde(deserialize_with = "strict::uuid")]
    pub request_id: Uuid,
    /// The activation recorded on the server.
    #[serde(deserialize_with = "strict::uuid")]
    pub activation_id: Uuid,
    /// The product.
    #[serde(deserialize_with = "strict::uuid")]
    pub product_id: Uuid,
    /// The machine's fingerprint, as requested.
    pub fingerprint: String,
    /// The client key, as requested.
    pub client_pub: String,
    /// When the server signed it.
    #[serde(deserialize_with = "strict::time")]
    pub issued_at: DateTime<Utc>,
    /// End of the offline lease (None = no end).
    #[serde(default, deserialize_with = "strict::time_opt")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The license.
    pub license: LicenseFacts,
}

/// 3. Deactivation request, signed by the client key of the activation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeactivationRequest {
    /// Protocol version (1).
    pub v: u32,
    /// Always `deactivate`.
    #[serde(rename = "type")]
    pub kind: DeactivateType,
    /// Unique per request.
    #[serde(deserialize_with = "strict::uuid")]
    pub request_id: Uuid,
    /// The activation the machine gives up.
    #[serde(deserialize_with = "strict::uuid")]
    pub activation_id: Uuid,
    /// The machine's fingerprint.
    pub fingerprint: String,
    /// When the SDK made it.
    #[serde(deserialize_with = "strict::time")]
    pub created_at: DateTime<Utc>,
}

/// 4. Deactivation receipt, signed by the product key `kid` (docs/offline-protocol.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeactivationReceipt {
    /// Protocol version (1).
    pub v: u32,
    /// Key id of the product key that signed it.
    pub kid: String,
    /// The deactivation request it answers.
    #[serde(deserialize_with = "strict::uuid")]
    pub request_id: Uuid,
    /// The activation that ended.
    #[serde(deserialize_with = "strict::uuid")]
    pub activation_id: Uuid,
    /// The product.
    #[serde(deserialize_with = "strict::uuid")]
    pub product_id: Uuid,
    /// The machine's fingerprint.
    pub fingerprint: String,
    /// When the seat was freed.
    #[serde(deserialize_with = "strict::time")]
    pub deactivated_at: DateTime<Utc>,
}

/// The online API's validation answer, signed by the product key `kid` (an addition to
/// DESIGN.md section 4, see docs/offline-protocol.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validation {
    /// Protocol version (1).
    pub v: u32,
    /// Key id of the product key that signed it.
    pub kid: String,
    /// The product.
    #[serde(deserialize_with = "strict::uuid")]
    pub product_id: Uuid,
    /// The machine's fingerprint.
    pub fingerprint: String,
    /// The machine's live activation on this license, if any.
    #[serde(default, deserialize_with = "strict::uuid_opt")]
    pub activation_id: Option<Uuid>,
    /// Whether the machine may run: the license is active and the machine holds a seat.
    pub valid: bool,
    /// The error code when not valid (`LICENSE_EXPIRED`, `FINGERPRINT_MISMATCH`, ...).
    pub code: Option<String>,
    /// When the server answered.
    #[serde(deserialize_with = "strict::time")]
    pub issued_at: DateTime<Utc>,
    /// The license.
    pub license: LicenseFacts,
}

impl Document for Validation {
    const KIND: Kind = Kind::Validation;

    fn validate(&self) -> Result<(), ProtocolError> {
        check_fingerprint(&self.fingerprint)
    }
}

fn check_fingerprint(fingerprint: &str) -> Result<(), ProtocolError> {
    let ok = fingerprint.len() == 64
        && fingerprint
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    ok.then_some(()).ok_or(ProtocolError::InvalidField {
        field: "fingerprint",
        reason: "must be 64 lowercase hex characters (a SHA-256)",
    })
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<(), ProtocolError> {
    if let Some(found) = text::first_hidden(value, text::Joiners::Refused) {
        return Err(ProtocolError::HiddenCharacter { field, found });
    }
    if text::is_blank(value) || value.chars().count() > max {
        return Err(ProtocolError::InvalidField {
            field,
            reason: "must be non-empty printable text of reasonable length",
        });
    }
    Ok(())
}

impl Document for ActivationRequest {
    const KIND: Kind = Kind::ActivationRequest;

    fn validate(&self) -> Result<(), ProtocolError> {
        check_fingerprint(&self.fingerprint)?;
        check_text("license_key", &self.license_key, 128)?;
        check_text("host.hostname", &self.host.hostname, 255)?;
        check_text("host.os", &self.host.os, 255)?;
        check_text("host.app_version", &self.host.app_version, 64)?;
        keys::parse_public_key(&self.client_pub).map(|_| ())
    }
}

impl Document for ActivationResponse {
    const KIND: Kind = Kind::ActivationResponse;

    fn validate(&self) -> Result<(), ProtocolError> {
        check_fingerprint(&self.fingerprint)?;
        keys::parse_public_key(&self.client_pub).map(|_| ())
    }
}

impl Document for DeactivationRequest {
    const KIND: Kind = Kind::DeactivationRequest;

    fn validate(&self) -> Result<(), ProtocolError> {
        check_fingerprint(&self.fingerprint)
    }
}

impl Document for DeactivationReceipt {
    const KIND: Kind = Kind::DeactivationReceipt;

    fn validate(&self) -> Result<(), ProtocolError> {
        check_fingerprint(&self.fingerprint)
    }
}

/// Refuses a request dated more than `max_age` before `now` or more than `skew` after it.
pub fn check_age(
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
    max_age: chrono::Duration,
    skew: chrono::Duration,
) -> Result<(), ProtocolError> {
    if created_at > now + skew {
        return Err(ProtocolError::FromTheFuture);
    }
    if now - created_at > max_age {
        return Err(ProtocolError::TooOld {
            age_days: (now - created_at).num_days(),
            max_days: max_age.num_days(),
        });
    }
    Ok(())
}
