//! A signed-in user's own profile: view, update, change password.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel, TransactionTrait};
use secrecy::SecretString;
use serde_json::json;
use tracing::{info, instrument};

use crate::{
    Db, FieldError, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    auth::{delete_other_sessions, hash_token},
    domain::{Email, NewPassword, PasswordHash},
    entities::user,
    error::ResultExt,
    passwords::Passwords,
    portal,
    principal::Principal,
};

/// Longest accepted first or last name, in characters.
const MAX_NAME: usize = 100;

/// What the profile page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileView {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Role as shown to people ("Owner", "Vendor admin").
    pub role_label: String,
    /// Organization, for customers of one.
    pub organization_name: Option<String>,
}

/// A profile change; the current password confirms it is the user.
#[derive(Debug)]
pub struct ProfileUpdate {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// The current password.
    pub current_password: SecretString,
}

/// The signed-in user's profile: the principal was read from the user's row for this very
/// request, so nothing is read again.
pub fn get(p: &Principal) -> ProfileView {
    let (role_label, organization_name) = match p {
        Principal::Staff(s) => (s.role.label().to_owned(), None),
        Principal::Customer(c) => (c.role.label().to_owned(), c.organization_name.clone()),
    };
    let (first_name, last_name) = p.names();
    ProfileView {
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
        email: p.email().to_owned(),
        role_label,
        organization_name,
    }
}

/// Updates names and email; a new email needs the current password.
#[instrument(skip_all, fields(account.id = %p.account_id(), user.id = %p.user_id()))]
pub async fn update(
    db: &Db,
    pw: &Passwords,
    p: &Principal,
    input: ProfileUpdate,
    ip: Option<String>,
) -> Result<()> {
    let mut errors = Vec::new();
    let first_name = check_name("first_name", &input.first_name, &mut errors);
    let last_name = check_name("last_name", &input.last_name, &mut errors);
    let email = Email::parse(&input.email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let (Some(first_name), Some(last_name), Some(email)) = (first_name, last_name, email) else {
        return Err(ServiceError::Invalid(errors));
    };
    let u = load(db, p).await?;
    // The email signs the user in and receives password resets: changing it needs the
    // current password, as changing the password does. A name does not.
    if email.as_str() != u.email {
        check_current_password(pw, &u, &input.current_password).await?;
    }

    let before = json!({"first_name": u.first_name, "last_name": u.last_name, "email": u.email});
    let after = json!({"first_name": first_name, "last_name": last_name, "email": email.as_str()});
    let tx = db.begin().await?;
    let mut active = u.into_active_model();
    active.first_name = Set(first_name);
    active.last_name = Set(last_name);
    active.email = Set(email.as_str().to_owned());
    active.updated_at = Set(Utc::now());
    active
        .update(&tx)
        .await
        .on_unique("email", "This email is already in use.")?;
    portal::record_action(
        &tx,
        p,
        AuditEntry {
            account_id: p.account_id(),
            actor_user_id: Some(p.user_id()),
            actor_email: email.as_str(),
            organization_id: p.organization_id(),
            action: "profile.update",
            target_type: "user",
            target_id: p.user_id().to_string(),
            outcome: Outcome::Success,
            ip: ip.as_deref(),
            details: json!({"before": before, "after": after}),
        },
    )
    .await?;
    tx.commit().await?;
    info!("Profile updated.");
    Ok(())
}

/// Changes the password and signs out every other session of the user.
#[instrument(skip_all, fields(account.id = %p.account_id(), user.id = %p.user_id()))]
pub async fn change_password(
    db: &Db,
    pw: &Passwords,
    p: &Principal,
    current: SecretString,
    new: SecretString,
    keep_session_token: &str,
    ip: Option<String>,
) -> Result<()> {
    // Check the new password first: it costs no hashing.
    let new = NewPassword::parse(new).map_err(|m| ServiceError::invalid("new_password", &m))?;
    let u = load(db, p).await?;
    check_current_password(pw, &u, &current).await?;
    let hash = pw.hash(new.secret()).await?;

    let tx = db.begin().await?;
    let email = u.email.clone();
    let mut active = u.into_active_model();
    active.password_hash = Set(hash.as_phc().to_owned());
    active.updated_at = Set(Utc::now());
    active.update(&tx).await?;
    let signed_out = delete_other_sessions(
        &tx,
        p.account_id(),
        p.user_id(),
        &hash_token(keep_session_token),
    )
    .await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id: p.account_id(),
            actor_user_id: Some(p.user_id()),
            actor_email: &email,
            organization_id: p.organization_id(),
            action: "profile.password_change",
            target_type: "user",
            target_id: p.user_id().to_string(),
            outcome: Outcome::Success,
            ip: ip.as_deref(),
            details: json!({"other_sessions_ended": signed_out}),
        },
    )
    .await?;
    tx.commit().await?;
    info!(sessions.ended = signed_out, "Password changed.");
    Ok(())
}

async fn load(db: &Db, p: &Principal) -> Result<user::Model> {
    user::Entity::find_by_id(p.user_id())
        .one(db)
        .await?
        .filter(|u| u.account_id == p.account_id())
        .ok_or(ServiceError::Unauthorized)
}

async fn check_current_password(
    pw: &Passwords,
    u: &user::Model,
    current: &SecretString,
) -> Result<()> {
    let stored = PasswordHash::from_phc(u.password_hash.clone());
    if pw.verify(current, Some(&stored)).await? {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "current_password",
            "The current password is not correct.",
        ))
    }
}

fn check_name(field: &str, value: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let value = value.trim();
    let len = value.chars().count();
    if let Some(m) = crate::domain::hidden_text(value, crate::domain::Joiners::Allowed, false) {
        errors.push(FieldError::new(field, m));
        None
    } else if crate::domain::is_blank(value) {
        errors.push(FieldError::new(field, "This field is required."));
        None
    } else if len > MAX_NAME {
        errors.push(FieldError::new(
            field,
            format!("Use at most {MAX_NAME} characters."),
        ));
        None
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "Use letters, digits and punctuation only.",
        ));
        None
    } else {
        Some(value.to_owned())
    }
}
