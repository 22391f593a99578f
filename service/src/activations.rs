//! Activating a machine on a license: the one rule the portal, the API and offline files share.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use tracing::{info, instrument};
use uuid::Uuid;

use crate::{
    Db, FieldError, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::{activation, license},
    licenses::LicenseStatus,
    portal,
    refusal::Refusal,
};

/// How the machine talks to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationMode {
    /// Connected: activates and checks in over the API.
    Online,
    /// Air-gapped: activates with request and response files.
    Offline,
}

impl ActivationMode {
    /// The stored id: `online` or `offline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Offline => "offline",
        }
    }
}

/// A machine asking for a seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationInput {
    /// Hex SHA-256 of the machine's components (64 hex characters).
    pub fingerprint: String,
    /// Host name.
    pub hostname: String,
    /// Operating system.
    pub os: String,
    /// Application version.
    pub app_version: Option<String>,
    /// Online or offline.
    pub mode: ActivationMode,
    /// The offline client's Ed25519 public key (required offline).
    pub client_pub: Option<String>,
}

/// Activates a machine on a license of `account_id`; returns the activation id and whether it
/// was created (false: this fingerprint already holds a seat, which is returned).
///
/// One transaction: the license row is locked (PostgreSQL `FOR UPDATE`, SQLite `BEGIN
/// IMMEDIATE`), and the seat is taken by a conditional `UPDATE ... WHERE activations_count <
/// allowed_activations`, so concurrent requests can never exceed the limit on either database.
/// Suspended, revoked and expired licenses are refused with `Conflict`.
#[instrument(skip_all, fields(account.id = %account_id, license.id = %license_id, channel = channel))]
pub async fn activate(
    db: &Db,
    account_id: Uuid,
    license_id: Uuid,
    input: ActivationInput,
    channel: &str,
) -> Result<(Uuid, bool)> {
    let input = validate(input)?;
    let tx = crate::deactivations::begin_seat_change(db).await?;
    let result = activate_in(&*tx, account_id, license_id, input, channel, false).await?;
    tx.commit().await?;
    Ok(result)
}

/// What [`activate_by_key`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Activated {
    /// The activation.
    pub id: Uuid,
    /// False when this machine already held a seat.
    pub created: bool,
    /// The license as it was read under the lock (before the seat was counted).
    pub license: license::Model,
    /// The machine's fingerprint, normalized.
    pub fingerprint: String,
}

/// [`activate`] for the licensing API, which knows the license by its key: the license is
/// read once, inside the write transaction, so one activation costs one read fewer.
#[instrument(skip_all, fields(account.id = %account_id, channel = channel))]
pub async fn activate_by_key(
    db: &Db,
    account_id: Uuid,
    license_key: &str,
    input: ActivationInput,
    channel: &str,
) -> Result<Activated> {
    let input = validate(input)?;
    let tx = crate::deactivations::begin_seat_change(db).await?;
    let lic = license::Entity::find()
        .filter(license::Column::AccountId.eq(account_id))
        .filter(license::Column::Key.eq(license_key.trim()))
        .lock_exclusive()
        .one(&*tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let fingerprint = input.fingerprint.clone();
    let (id, created) = activate_locked(&*tx, &lic, input, channel, false).await?;
    tx.commit().await?;
    Ok(Activated {
        id,
        created,
        license: lic,
        fingerprint,
    })
}

/// [`activate`] inside the caller's transaction (which must lock like `activate`'s does), so
/// offline activation records its response in the same transaction. `customer`: a customer
/// in the portal asks, so the event is recorded only while the account records portal actions.
pub(crate) async fn activate_in(
    tx: &DatabaseTransaction,
    account_id: Uuid,
    license_id: Uuid,
    input: ActivationInput,
    channel: &str,
    customer: bool,
) -> Result<(Uuid, bool)> {
    let input = validate(input)?;
    let lic = license::Entity::find_by_id(license_id)
        .filter(license::Column::AccountId.eq(account_id))
        .lock_exclusive()
        .one(tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    activate_locked(tx, &lic, input, channel, customer).await
}

/// The rule itself, on a license row read under the transaction's lock.
async fn activate_locked(
    tx: &DatabaseTransaction,
    lic: &license::Model,
    input: ActivationInput,
    channel: &str,
    customer: bool,
) -> Result<(Uuid, bool)> {
    let (account_id, license_id) = (lic.account_id, lic.id);
    // The license's rules first: a machine that already holds a seat is refused like a new one
    // while the license is suspended, revoked or expired (it must not get a fresh signed file).
    let now = Utc::now();
    if let Some(refusal) = admits(lic, input.mode, now) {
        return Err(refusal.into());
    }
    let existing = activation::Entity::find()
        .filter(activation::Column::LicenseId.eq(license_id))
        .filter(activation::Column::Fingerprint.eq(input.fingerprint.as_str()))
        .filter(activation::Column::DeactivatedAt.is_null())
        .one(tx)
        .await?;
    if let Some(existing) = existing {
        // The same machine asks again (it lost its local state): it keeps its seat, and a new
        // client key replaces the stored one, since the machine now holds only the new private
        // key and must be able to prove its deactivation. A request without a key keeps the
        // stored one (a license key alone never downgrades a machine's proof).
        if let Some(new_key) = input.client_pub
            && existing.client_pub.as_deref() != Some(new_key.as_str())
        {
            activation::Entity::update(activation::ActiveModel {
                id: Set(existing.id),
                client_pub: Set(Some(new_key)),
                last_seen_at: Set(now),
                ..Default::default()
            })
            .exec(tx)
            .await?;
            info!(activation.id = %existing.id, "Machine activated again with a new client key.");
        }
        return Ok((existing.id, false));
    }

    let mut take_seat = license::Entity::update_many()
        .col_expr(
            license::Column::ActivationsCount,
            Expr::col(license::Column::ActivationsCount).add(1),
        )
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::Id.eq(license_id));
    if lic.allowed_activations.is_some() {
        take_seat = take_seat.filter(
            Expr::col(license::Column::ActivationsCount)
                .lt(Expr::col(license::Column::AllowedActivations)),
        );
    }
    if take_seat.exec(tx).await?.rows_affected == 0 {
        return Err(Refusal::ActivationLimitReached.into());
    }
    // The row is locked, so this count is exact: the seat just taken was the last one. The
    // demo's seeded history is not news to anyone.
    if let Some(allowed) = lic.allowed_activations
        && lic.activations_count + 1 == allowed
        && channel != "seed"
    {
        crate::notifications::triggers::seats_full(tx, lic, allowed).await?;
    }

    let id = Uuid::now_v7();
    activation::Entity::insert(activation::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        license_id: Set(license_id),
        fingerprint: Set(input.fingerprint),
        hostname: Set(input.hostname.clone()),
        os: Set(input.os),
        app_version: Set(input.app_version),
        mode: Set(input.mode.as_str().to_owned()),
        client_pub: Set(input.client_pub),
        activated_at: Set(now),
        last_seen_at: Set(now),
        deactivated_at: Set(None),
        deactivated_by: Set(None),
        deactivation_method: Set(None),
    })
    .exec_without_returning(tx)
    .await?;
    let entry = AuditEntry {
        account_id,
        actor_user_id: None,
        actor_email: "",
        organization_id: lic.organization_id,
        action: "license.activate",
        target_type: "license",
        target_id: license_id.to_string(),
        outcome: Outcome::Success,
        ip: None,
        details: json!({"activation_id": id, "channel": channel, "mode": input.mode.as_str(), "hostname": input.hostname}),
    };
    if customer {
        portal::record_customer_action(tx, entry).await?;
    } else {
        audit::record(tx, entry).await?;
    }
    info!(activation.id = %id, "Machine activated.");
    Ok((id, true))
}

/// Why `license` refuses an activation in `mode` now, if it does: suspended, revoked,
/// expired, or offline activation not allowed.
pub(crate) fn admits(
    license: &license::Model,
    mode: ActivationMode,
    now: chrono::DateTime<Utc>,
) -> Option<Refusal> {
    match LicenseStatus::derive(&license.status, license.expires_at, now) {
        LicenseStatus::Active => {}
        LicenseStatus::Suspended => return Some(Refusal::LicenseSuspended),
        LicenseStatus::Revoked => return Some(Refusal::LicenseRevoked),
        LicenseStatus::Expired => return Some(Refusal::LicenseExpired),
    }
    (mode == ActivationMode::Offline && !license.offline_allowed)
        .then_some(Refusal::OfflineNotAllowed)
}

/// Checks a text field a machine sends and people read: no invisible or direction-changing
/// characters, something visible when required, at most `max` characters.
fn machine_text(
    field: &str,
    what: &str,
    value: &str,
    required: bool,
    max: usize,
    errors: &mut Vec<FieldError>,
) {
    if let Some(c) = sdk::text::first_hidden(value, sdk::text::Joiners::Refused) {
        errors.push(FieldError::new(
            field,
            format!("The {what} contains {}.", sdk::text::describe(c)),
        ));
    } else if (required && sdk::text::is_blank(value)) || value.chars().count() > max {
        let range = if required { "1 to " } else { "at most " };
        errors.push(FieldError::new(
            field,
            format!("The {what} must have {range}{max} characters."),
        ));
    }
}

/// Normalizes the fingerprint to lower-case hex and checks every field's shape.
fn validate(mut input: ActivationInput) -> Result<ActivationInput> {
    let mut errors = Vec::new();
    input.fingerprint = input.fingerprint.trim().to_ascii_lowercase();
    if input.fingerprint.len() != 64 || !input.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        errors.push(FieldError::new(
            "fingerprint",
            "The fingerprint must be 64 hexadecimal characters.",
        ));
    }
    input.hostname = input.hostname.trim().to_owned();
    machine_text(
        "hostname",
        "host name",
        &input.hostname,
        true,
        255,
        &mut errors,
    );
    input.os = input.os.trim().to_owned();
    machine_text("os", "operating system", &input.os, false, 255, &mut errors);
    if let Some(version) = &input.app_version {
        machine_text("app_version", "version", version, false, 64, &mut errors);
    }
    if let Some(key) = &input.client_pub
        && let Err(e) = sdk::keys::parse_public_key(key)
    {
        errors.push(FieldError::new(
            "client_pub",
            crate::offline::sentence(&e.to_string()),
        ));
    }
    if input.mode == ActivationMode::Offline
        && input.client_pub.as_deref().is_none_or(str::is_empty)
    {
        errors.push(FieldError::new(
            "client_pub",
            "An offline activation needs the client's public key.",
        ));
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ActivationInput {
        ActivationInput {
            fingerprint: "AB".repeat(32),
            hostname: " build-agent-03 ".into(),
            os: "Ubuntu 24.04".into(),
            app_version: Some("2.4.1".into()),
            mode: ActivationMode::Online,
            client_pub: None,
        }
    }

    #[test]
    fn inputs_are_normalized() {
        let ok = validate(input()).unwrap();
        assert_eq!(ok.fingerprint, "ab".repeat(32));
        assert_eq!(ok.hostname, "build-agent-03");
    }

    #[test]
    fn bad_inputs_name_their_fields() {
        let mut bad = input();
        bad.fingerprint = "xyz".into();
        bad.hostname = "  ".into();
        bad.mode = ActivationMode::Offline;
        let Err(ServiceError::Invalid(errors)) = validate(bad) else {
            panic!("accepted")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["fingerprint", "hostname", "client_pub"]);
    }
}
