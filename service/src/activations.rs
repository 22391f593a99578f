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
    let result = activate_in(&tx, account_id, license_id, input, channel, false).await?;
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

/// [`activate`] for the licensing API, which knows the license by its key.
///
/// Shaped for throughput: the license is read once, inside the write transaction, and the
/// seat is taken last. Every machine of a license queues on its row (PostgreSQL locks it
/// from the seat's `UPDATE` to the commit), so the activation and its audit event are
/// written first and the row stays locked for one statement and the commit instead of the
/// whole transaction. The seat's `UPDATE` carries the license's rules (active, not expired,
/// offline allowed, a seat left), so a suspension or the last seat taken meanwhile still
/// refuses. Two requests of one new machine racing each other meet at the unique index of
/// live activations: the loser's transaction is rolled back and it runs again, finding the
/// seat the winner took. (SQLite runs one writer at a time, so it never races.)
#[instrument(skip_all, fields(account.id = %account_id, channel = channel))]
pub async fn activate_by_key(
    db: &Db,
    account_id: Uuid,
    license_key: &str,
    input: ActivationInput,
    channel: &str,
) -> Result<Activated> {
    let input = validate(input)?;
    let mut raced = false;
    loop {
        match activate_by_key_once(db, account_id, license_key, input.clone(), channel).await? {
            Attempt::Done(done) => return Ok(*done),
            Attempt::Raced if !raced => raced = true,
            // A second race for one machine cannot happen: the first one's winner is live.
            Attempt::Raced => return Err(ServiceError::Busy),
        }
    }
}

enum Attempt {
    Done(Box<Activated>),
    /// Another request inserted this machine's live activation first.
    Raced,
}

async fn activate_by_key_once(
    db: &Db,
    account_id: Uuid,
    license_key: &str,
    input: ActivationInput,
    channel: &str,
) -> Result<Attempt> {
    let tx = crate::deactivations::begin_seat_change(db).await?;
    let lic = license::Entity::find()
        .filter(license::Column::AccountId.eq(account_id))
        .filter(license::Column::Key.eq(license_key.trim()))
        .one(&*tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = Utc::now();
    if let Some(refusal) = admits(&lic, input.mode, now) {
        return Err(refusal.into());
    }
    let fingerprint = input.fingerprint.clone();
    if let Some(id) = existing_seat(&tx, &lic, &input, now).await? {
        tx.commit().await?;
        return Ok(Attempt::Done(Box::new(Activated {
            id,
            created: false,
            license: lic,
            fingerprint,
        })));
    }
    let id = match insert_activation(&tx, &lic, input, channel, false, now).await {
        Err(ServiceError::Db(e))
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Ok(Attempt::Raced);
        }
        other => other?,
    };
    take_seat(&tx, &lic, ActivationMode::Online, channel, now).await?;
    tx.commit().await?;
    Ok(Attempt::Done(Box::new(Activated {
        id,
        created: true,
        license: lic,
        fingerprint,
    })))
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
    // The license's rules first: a machine that already holds a seat is refused like a new one
    // while the license is suspended, revoked or expired (it must not get a fresh signed file).
    let now = Utc::now();
    if let Some(refusal) = admits(lic, input.mode, now) {
        return Err(refusal.into());
    }
    if let Some(id) = existing_seat(tx, lic, &input, now).await? {
        return Ok((id, false));
    }
    let mode = input.mode;
    take_seat(tx, lic, mode, channel, now).await?;
    let id = insert_activation(tx, lic, input, channel, customer, now).await?;
    Ok((id, true))
}

/// The live activation of this machine on `lic`, if it has one. The same machine asking again
/// (it lost its local state) keeps its seat, and a new client key replaces the stored one,
/// since the machine now holds only the new private key and must be able to prove its
/// deactivation. A request without a key keeps the stored one (a license key alone never
/// downgrades a machine's proof).
async fn existing_seat(
    tx: &DatabaseTransaction,
    lic: &license::Model,
    input: &ActivationInput,
    now: chrono::DateTime<Utc>,
) -> Result<Option<Uuid>> {
    let Some(existing) = live_activation(tx, lic.id, &input.fingerprint).await? else {
        return Ok(None);
    };
    if let Some(new_key) = &input.client_pub
        && existing.client_pub.as_deref() != Some(new_key.as_str())
    {
        activation::Entity::update(activation::ActiveModel {
            id: Set(existing.id),
            client_pub: Set(Some(new_key.clone())),
            last_seen_at: Set(now),
            ..Default::default()
        })
        .exec(tx)
        .await?;
        info!(activation.id = %existing.id, "Machine activated again with a new client key.");
    }
    Ok(Some(existing.id))
}

/// The live activation of the machine `fingerprint` on license `license_id` (at most one: a
/// partial unique index says so).
pub(crate) async fn live_activation<C: sea_orm::ConnectionTrait>(
    conn: &C,
    license_id: Uuid,
    fingerprint: &str,
) -> Result<Option<activation::Model>> {
    Ok(activation::Entity::find()
        .filter(activation::Column::LicenseId.eq(license_id))
        .filter(activation::Column::Fingerprint.eq(fingerprint))
        .filter(activation::Column::DeactivatedAt.is_null())
        .one(conn)
        .await?)
}

/// Counts one more seat on `lic` if its rules allow it now: one conditional `UPDATE` (active,
/// not expired, offline allowed when offline, a seat left), so concurrent requests can never
/// exceed the limit, whether or not the row was locked before. Tells the vendor when the seat
/// taken was the last one.
async fn take_seat(
    tx: &DatabaseTransaction,
    lic: &license::Model,
    mode: ActivationMode,
    channel: &str,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    let mut update = license::Entity::update_many()
        .col_expr(
            license::Column::ActivationsCount,
            Expr::col(license::Column::ActivationsCount).add(1),
        )
        .col_expr(license::Column::UpdatedAt, Expr::value(now))
        .filter(license::Column::Id.eq(lic.id))
        .filter(LicenseStatus::Active.condition(now));
    if mode == ActivationMode::Offline {
        update = update.filter(license::Column::OfflineAllowed.eq(true));
    }
    if lic.allowed_activations.is_some() {
        update = update.filter(
            Expr::col(license::Column::ActivationsCount)
                .lt(Expr::col(license::Column::AllowedActivations)),
        );
    }
    // `RETURNING` (SQLite and PostgreSQL): the row as this statement left it, under its lock.
    let Some(current) = update.exec_with_returning(tx).await?.into_iter().next() else {
        // Why not, as the license is now (changed since it was read, or full).
        let current = license::Entity::find_by_id(lic.id)
            .one(tx)
            .await?
            .ok_or(ServiceError::NotFound)?;
        return Err(admits(&current, mode, now)
            .unwrap_or(Refusal::ActivationLimitReached)
            .into());
    };
    // The row under its lock, before and after this seat: the dashboard counters move by
    // exactly it, and the activation counts on its day.
    let after = crate::tallies::Contribution::from(&current);
    let before = crate::tallies::Contribution {
        activations_count: after.activations_count - 1,
        ..after.clone()
    };
    crate::tallies::apply(tx, &[before], &[after]).await?;
    crate::tallies::count_activation(tx, current.account_id, current.id, now, 1).await?;
    // The count is exact: the seat just taken was the last one. The demo's seeded history is
    // not news to anyone.
    if let Some(allowed) = current.allowed_activations
        && current.activations_count == allowed
        && channel != "seed"
    {
        crate::notifications::triggers::seats_full(tx, &current, allowed).await?;
    }
    Ok(())
}

/// Records the activation of a new machine on `lic` and its audit event. `customer`: a
/// customer in the portal asks, so the event is recorded only while the account records
/// portal actions.
async fn insert_activation(
    tx: &DatabaseTransaction,
    lic: &license::Model,
    input: ActivationInput,
    channel: &str,
    customer: bool,
    now: chrono::DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    activation::Entity::insert(activation::ActiveModel {
        id: Set(id),
        account_id: Set(lic.account_id),
        license_id: Set(lic.id),
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
        account_id: lic.account_id,
        actor_user_id: None,
        actor_email: "",
        organization_id: lic.organization_id,
        action: "license.activate",
        target_type: "license",
        target_id: lic.id.to_string(),
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
    Ok(id)
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
