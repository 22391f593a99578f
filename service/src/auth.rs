//! Signing in and out: login with throttling, server-side sessions, logout.

mod load;
mod throttle;
pub(crate) mod token;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    TransactionTrait,
};
use secrecy::SecretString;
use serde_json::json;
use tracing::{info, instrument};
use uuid::Uuid;

pub(crate) use load::principal_of;
pub(crate) use token::hash_token;

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    domain::PasswordHash,
    entities::{session, user},
    passwords::Passwords,
    principal::Principal,
};

/// Failed logins allowed per (account, email) from one IP within [`FAILURE_WINDOW`]; the next
/// attempt from that IP is refused before any hashing. One client guessing one user's
/// password locks only itself out.
pub const MAX_FAILURES_PER_EMAIL_FROM_ONE_IP: u64 = 5;
/// Failed logins allowed per (account, email) from all IPs together: past it the email is
/// locked for everyone until the window ends (a guess spread over many addresses).
pub const MAX_FAILURES_PER_EMAIL: u64 = 50;
/// Failed logins allowed per (account, IP) within [`FAILURE_WINDOW`], whatever the emails.
pub const MAX_FAILURES_PER_IP: u64 = 30;
/// The window over which failures are counted.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// A session unused for this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::hours(12);
/// A session is over this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::days(7);
/// `last_seen_at` is written at most this often (it costs a write per request otherwise).
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// A sign-in attempt.
#[derive(Debug)]
pub struct LoginInput {
    /// Email as typed.
    pub email: String,
    /// Password as typed.
    pub password: SecretString,
    /// Client IP (for throttling and the audit log).
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
}

/// A session just created by a successful login.
#[derive(Debug)]
pub struct NewSession {
    /// The raw 256-bit token for the cookie; only its SHA-256 is stored.
    pub token: SecretString,
    /// Who signed in.
    pub principal: Principal,
    /// Absolute expiry (cookie lifetime).
    pub expires_at: DateTime<Utc>,
}

/// Signs a user in.
///
/// Unknown email, wrong password and disabled user all give `Unauthorized` after the same
/// work (one argon2 verify). Too many recent failures for the email or the IP give
/// `RateLimited` before any hashing. The previous session of this browser, if any, is deleted
/// (rotation).
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn login(
    db: &Db,
    passwords: &Passwords,
    account_id: Uuid,
    input: LoginInput,
    previous_token: Option<&str>,
) -> Result<NewSession> {
    // Control characters can be in no stored email, and PostgreSQL refuses NUL in text: drop
    // them (and cap the length) so any input takes the ordinary "unknown email" path.
    let email: String = input
        .email
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_control())
        .take(320)
        .collect();
    // Counted as a failure before the password is checked, so attempts that arrive together
    // cannot all pass the limit before any of them is counted; handed back unless it fails.
    let reservation = throttle::reserve(db, account_id, &email, input.ip.as_deref()).await?;
    let outcome = attempt(db, passwords, account_id, &email, input, previous_token).await;
    if !matches!(outcome, Err(ServiceError::Unauthorized)) {
        throttle::release(db, &reservation).await?;
    }
    outcome
}

/// A sign-in that the throttle let through.
async fn attempt(
    db: &Db,
    passwords: &Passwords,
    account_id: Uuid,
    email: &str,
    input: LoginInput,
    previous_token: Option<&str>,
) -> Result<NewSession> {
    let ip = input.ip.as_deref();
    let found = user::Entity::find()
        .filter(user::Column::AccountId.eq(account_id))
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?;
    let stored = found
        .as_ref()
        .map(|u| PasswordHash::from_phc(u.password_hash.clone()));
    let password_ok = passwords.verify(&input.password, stored.as_ref()).await?;
    let principal = match &found {
        Some(u) if password_ok && u.status == user::STATUS_ACTIVE => principal_of(db, u).await?,
        _ => None,
    };
    let (Some(found), Some(principal)) = (found, principal) else {
        audit::record(
            db,
            AuditEntry {
                account_id,
                actor_user_id: None,
                actor_email: email,
                organization_id: None,
                action: "auth.login",
                target_type: "user",
                target_id: String::new(),
                outcome: Outcome::Failure,
                ip,
                details: json!({}),
            },
        )
        .await?;
        info!("Login failed.");
        return Err(ServiceError::Unauthorized);
    };
    if let Principal::Customer(_) = principal {
        let modes = crate::portal::settings(db, account_id).await?.modes;
        if !modes.portal_enabled {
            return Err(ServiceError::invalid("email", PORTAL_UNAVAILABLE));
        }
        if !modes.logged_in_portal_enabled {
            return Err(ServiceError::invalid("email", CUSTOMER_SIGN_IN_OFF));
        }
    }

    let token = token::generate();
    let now = Utc::now();
    let expires_at = now + ABSOLUTE_TIMEOUT;
    let tx = db.begin().await?;
    if let Some(previous) = previous_token {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(hash_token(previous)))
            .filter(session::Column::AccountId.eq(account_id))
            .exec(&tx)
            .await?;
    }
    session::Entity::insert(session::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(hash_token(&token.raw)),
        account_id: Set(account_id),
        user_id: Set(found.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
        ip: Set(input.ip.clone().map(|s| s.chars().take(64).collect())),
        user_agent: Set(input.user_agent.map(|s| s.chars().take(512).collect())),
    })
    .exec_without_returning(&tx)
    .await?;
    let organization_id = principal.organization_id();
    let user_id = found.id;
    let mut active = found.into_active_model();
    active.last_login_at = Set(Some(now));
    active.update(&tx).await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: Some(user_id),
            actor_email: email,
            organization_id,
            action: "auth.login",
            target_type: "user",
            target_id: user_id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    info!(user.id = %user_id, "Signed in.");
    Ok(NewSession {
        token: token.secret,
        principal,
        expires_at,
    })
}

/// The principal of a session token, or None if the token is unknown, expired (idle 12 h or
/// absolute 7 days), another account's, or its user is disabled.
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn session(db: &Db, account_id: Uuid, token: &str) -> Result<Option<Principal>> {
    let Some(found) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash_token(token)))
        .filter(session::Column::AccountId.eq(account_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if now >= found.expires_at || now - found.last_seen_at >= IDLE_TIMEOUT {
        session::Entity::delete_by_id(found.id).exec(db).await?;
        return Ok(None);
    }
    let Some(owner) = user::Entity::find_by_id(found.user_id).one(db).await? else {
        return Ok(None);
    };
    if owner.status != user::STATUS_ACTIVE || owner.account_id != account_id {
        return Ok(None);
    }
    if now - found.last_seen_at >= TOUCH_INTERVAL {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    if owner.kind == user::KIND_STAFF {
        let principal = load::staff_principal(&owner);
        if principal.is_some()
            && let Some(viewed) = crate::view_as::resolve(db, found.id, owner.id).await?
        {
            return Ok(Some(viewed));
        }
        return Ok(principal);
    }
    // Portal modes take effect at once: customers lose their session while the portal or
    // customer sign-in is off (staff keep theirs).
    let settings = crate::portal::settings(db, account_id).await?;
    if !settings.customers_may_sign_in() {
        return Ok(None);
    }
    load::customer_principal(db, &owner, &settings).await
}

/// The sign-in message while the vendor has turned the portal off.
pub const PORTAL_UNAVAILABLE: &str =
    "The customer portal is unavailable at the moment. Please try again later.";

/// The sign-in message while the vendor has turned customer sign-in off.
pub const CUSTOMER_SIGN_IN_OFF: &str =
    "Customer sign-in is turned off for this portal. Contact your vendor for access.";

/// Ends a session; unknown tokens are ignored (signing out twice is not an error).
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn logout(db: &Db, account_id: Uuid, token: &str, ip: Option<String>) -> Result<()> {
    let Some(found) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash_token(token)))
        .filter(session::Column::AccountId.eq(account_id))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let owner = user::Entity::find_by_id(found.user_id).one(db).await?;
    session::Entity::delete_by_id(found.id).exec(db).await?;
    audit::record(
        db,
        AuditEntry {
            account_id,
            actor_user_id: Some(found.user_id),
            actor_email: owner.as_ref().map(|u| u.email.as_str()).unwrap_or_default(),
            organization_id: owner.as_ref().and_then(|u| u.organization_id),
            action: "auth.logout",
            target_type: "session",
            target_id: found.id.to_string(),
            outcome: Outcome::Success,
            ip: ip.as_deref(),
            details: json!({}),
        },
    )
    .await?;
    Ok(())
}

/// Deletes every session of a user except the one with `keep_token_hash` ("sign out other
/// devices"); returns how many were deleted.
pub(crate) async fn delete_other_sessions<C: sea_orm::ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    user_id: Uuid,
    keep_token_hash: &str,
) -> Result<u64> {
    let res = session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::TokenHash.ne(keep_token_hash))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
