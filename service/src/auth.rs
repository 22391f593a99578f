//! Signing in and out: login with throttling, server-side sessions, logout.

mod load;
mod throttle;
pub(crate) mod token;

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryFilter, TransactionTrait,
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
    config_cache::{self, AccountConfig, ConfigCache},
    domain::PasswordHash,
    entities::{account, organization, session, user},
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
pub async fn session(db: &Db, account_id: Uuid, token: &str) -> Result<Option<Principal>> {
    let cache = ConfigCache::default();
    Ok(session_cached(db, &cache, account_id, token)
        .await?
        .map(|s| s.principal))
}

/// What a valid session gives a request besides who is asking: the numbers the layout shows
/// on every page, read by the same query.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Who is asking.
    pub principal: Principal,
    /// The user's unread notifications (the header's badge); None when staff view the
    /// portal as a customer (the badge is then the customer's, read on its own).
    pub unread_notifications: Option<i64>,
    /// The account's portal settings and branding, current as of this request.
    pub config: Arc<AccountConfig>,
}

/// The session row, its user, the user's organization's name and the account's config
/// version: everything a request needs to know who is asking, in one query.
#[derive(Debug, FromQueryResult)]
struct SessionRow {
    session_id: Uuid,
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    user_id: Uuid,
    user_account_id: Uuid,
    kind: String,
    status: String,
    staff_role: Option<String>,
    customer_role: Option<String>,
    organization_id: Option<Uuid>,
    email: String,
    first_name: String,
    last_name: String,
    unread_notifications: i64,
    config_version: i64,
    organization_name: Option<String>,
}

impl SessionRow {
    fn person(&self) -> load::Person<'_> {
        load::Person {
            id: self.user_id,
            account_id: self.user_account_id,
            staff_role: self.staff_role.as_deref(),
            customer_role: self.customer_role.as_deref(),
            organization_id: self.organization_id,
            email: &self.email,
            first_name: &self.first_name,
            last_name: &self.last_name,
        }
    }
}

async fn session_row(db: &Db, account_id: Uuid, token: &str) -> Result<Option<SessionRow>> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    use session::Column as S;
    use user::Column as U;
    let (s, u) = (session::Entity, user::Entity);
    let mut q = Query::select();
    q.expr_as(Expr::col((s, S::Id)), Alias::new("session_id"))
        .expr_as(Expr::col((s, S::ExpiresAt)), Alias::new("expires_at"))
        .expr_as(Expr::col((s, S::LastSeenAt)), Alias::new("last_seen_at"))
        .expr_as(Expr::col((u, U::Id)), Alias::new("user_id"))
        .expr_as(Expr::col((u, U::AccountId)), Alias::new("user_account_id"));
    for (col, name) in [
        (U::Kind, "kind"),
        (U::Status, "status"),
        (U::StaffRole, "staff_role"),
        (U::CustomerRole, "customer_role"),
        (U::OrganizationId, "organization_id"),
        (U::Email, "email"),
        (U::FirstName, "first_name"),
        (U::LastName, "last_name"),
        (U::UnreadNotifications, "unread_notifications"),
    ] {
        q.expr_as(Expr::col((u, col)), Alias::new(name));
    }
    q.expr_as(
        Expr::col((account::Entity, account::Column::ConfigVersion)),
        Alias::new("config_version"),
    )
    .expr_as(
        Expr::col((organization::Entity, organization::Column::Name)),
        Alias::new("organization_name"),
    )
    .from(s)
    .inner_join(u, Expr::col((u, U::Id)).equals((s, S::UserId)))
    .inner_join(
        account::Entity,
        Expr::col((account::Entity, account::Column::Id)).equals((s, S::AccountId)),
    )
    .left_join(
        organization::Entity,
        Expr::col((organization::Entity, organization::Column::Id)).equals((u, U::OrganizationId)),
    )
    .and_where(Expr::col((s, S::TokenHash)).eq(hash_token(token)))
    .and_where(Expr::col((s, S::AccountId)).eq(account_id));
    let stmt = db.get_database_backend().build(&q);
    Ok(SessionRow::find_by_statement(stmt).one(db).await?)
}

/// [`session`] for a request: one query for the session, its user, the organization's name,
/// the unread count and the account's config version, plus the settings and branding from
/// `cache` while that version holds. `last_seen_at` is written at most once a minute.
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn session_cached(
    db: &Db,
    cache: &ConfigCache,
    account_id: Uuid,
    token: &str,
) -> Result<Option<SignedIn>> {
    let Some(found) = session_row(db, account_id, token).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if now >= found.expires_at || now - found.last_seen_at >= IDLE_TIMEOUT {
        session::Entity::delete_by_id(found.session_id)
            .exec(db)
            .await?;
        return Ok(None);
    }
    if found.status != user::STATUS_ACTIVE || found.user_account_id != account_id {
        return Ok(None);
    }
    if now - found.last_seen_at >= TOUCH_INTERVAL {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(found.session_id))
            .exec(db)
            .await?;
    }
    let config = config_cache::config(db, cache, account_id, Some(found.config_version)).await?;
    let signed_in = |principal, own: bool| SignedIn {
        principal,
        unread_notifications: own.then_some(found.unread_notifications),
        config: config.clone(),
    };
    let person = found.person();
    if found.kind == user::KIND_STAFF {
        let principal = load::staff_principal(&person);
        if principal.is_some()
            && let Some(viewed) =
                crate::view_as::resolve(db, found.session_id, found.user_id).await?
        {
            return Ok(Some(signed_in(viewed, false)));
        }
        return Ok(principal.map(|p| signed_in(p, true)));
    }
    // Portal modes take effect at once: customers lose their session while the portal or
    // customer sign-in is off (staff keep theirs).
    if !config.settings.customers_may_sign_in() {
        return Ok(None);
    }
    Ok(
        load::customer_principal(&person, &config.settings, found.organization_name.clone())
            .map(|p| signed_in(p, true)),
    )
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
