//! Inviting users: a single-use 256-bit token (stored as SHA-256) emailed through the outbox,
//! valid for seven days, with which the invitee sets their password.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait, sea_query::Expr,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use uuid::Uuid;

use super::{Admin, INVITATION_DAYS, admin, name, rules};
use crate::{
    Db, FieldError, Passwords, Result, ServiceError,
    audit::{AuditEntry, Outcome},
    auth::token,
    domain::Email,
    entities::{invitation, user},
    error::ResultExt,
    mail::{self, Message},
    passwords::check_new_password,
    permissions::Permission,
    portal,
    principal::Principal,
};

/// Whom to invite.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// Email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Role id.
    pub role: String,
}

/// What the acceptance page shows about a valid invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationInfo {
    /// The invitee's email (they sign in with it).
    pub email: String,
    /// Their given name.
    pub first_name: String,
}

/// Invites a user: creates them (`invited`, cannot sign in yet) and queues one email with the
/// link `{public_url}/invitation/{token}`, all in one transaction.
pub async fn invite(
    db: &Db,
    pw: &Passwords,
    p: &Principal,
    inv: Invitation,
    public_url: &str,
) -> Result<Uuid> {
    let a = admin(p, Permission::UsersManage)?;
    invite_as(db, pw, a, inv, public_url).await
}

/// [`invite`] by an admin already checked (an organization admin or a vendor admin).
pub(crate) async fn invite_as(
    db: &Db,
    pw: &Passwords,
    a: Admin<'_>,
    inv: Invitation,
    public_url: &str,
) -> Result<Uuid> {
    let mut errors = Vec::new();
    let email = Email::parse(&inv.email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let first = name("first_name", &inv.first_name, 100, &mut errors);
    let last = name("last_name", &inv.last_name, 100, &mut errors);
    let role = rules::grantable_role(&a, &inv.role)
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(email), Some(role)) = (email, role) else {
        return Err(ServiceError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    // Nobody knows this password: the invitee replaces it when accepting.
    let unusable = pw.hash(&token::generate().secret).await?;
    let tx = db.begin().await?;
    rules::check_cap(&tx, &a, "email").await?;
    let taken = user::Entity::find()
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::Email.eq(email.as_str()))
        .count(&tx)
        .await?;
    if taken > 0 {
        return Err(ServiceError::conflict(
            "email",
            "This email is already in use.",
        ));
    }
    let id = Uuid::now_v7();
    let now = Utc::now();
    user::Entity::insert(user::ActiveModel {
        id: Set(id),
        account_id: Set(a.account_id),
        kind: Set(user::KIND_CUSTOMER.to_owned()),
        staff_role: Set(None),
        customer_role: Set(Some(role.as_str().to_owned())),
        organization_id: Set(Some(a.organization_id)),
        email: Set(email.as_str().to_owned()),
        first_name: Set(first.clone()),
        last_name: Set(last.clone()),
        password_hash: Set(unusable.as_phc().to_owned()),
        status: Set(user::STATUS_INVITED.to_owned()),
        last_login_at: Set(None),
        created_at: Set(now),
        unread_notifications: Set(0),
        updated_at: Set(now),
    })
    .exec_without_returning(&tx)
    .await
    .on_unique("email", "This email is already in use.")?;
    send(&tx, &a, id, email.as_str(), &first, public_url).await?;
    crate::notifications::triggers::user_invited(
        &tx,
        a.account_id,
        a.organization_id,
        a.principal.user_id(),
        &format!("{first} {last} ({})", email.as_str()),
        role.label(),
    )
    .await?;
    a.audit(
        &tx,
        "user.invite",
        "user",
        id,
        json!(null),
        json!({"email": email.as_str(), "first_name": first, "last_name": last,
               "role": role.as_str(), "status": user::STATUS_INVITED}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sends a new invitation to a user who has not accepted one; older links stop working.
pub async fn resend(db: &Db, p: &Principal, user_id: Uuid, public_url: &str) -> Result<()> {
    let a = admin(p, Permission::UsersManage)?;
    let tx = db.begin().await?;
    let u = rules::user_in_org(&tx, &a, user_id).await?;
    if u.status != user::STATUS_INVITED {
        return Err(ServiceError::conflict(
            "user_id",
            "This user has already accepted their invitation.",
        ));
    }
    invitation::Entity::delete_many()
        .filter(invitation::Column::UserId.eq(u.id))
        .exec(&tx)
        .await?;
    send(&tx, &a, u.id, &u.email, &u.first_name, public_url).await?;
    a.audit(
        &tx,
        "user.invite_resend",
        "user",
        u.id,
        json!(null),
        json!({"email": u.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The invitation behind `token`, if it can still be accepted.
pub async fn invitation_info(db: &Db, account_id: Uuid, token: &str) -> Result<InvitationInfo> {
    let (_, u) = usable(db, account_id, token).await?;
    Ok(InvitationInfo {
        email: u.email,
        first_name: u.first_name,
    })
}

/// Accepts an invitation: sets the password and activates the user. The token works once.
pub async fn accept(
    db: &Db,
    pw: &Passwords,
    account_id: Uuid,
    token: &str,
    password: &SecretString,
) -> Result<Uuid> {
    if let Err(m) = check_new_password(password.expose_secret()) {
        return Err(ServiceError::invalid("password", &m));
    }
    usable(db, account_id, token).await?;
    let hash = pw.hash(password).await?;
    let tx = db.begin().await?;
    let (inv, u) = usable(&tx, account_id, token).await?;
    // Single use even under concurrency: only one request flips used_at.
    let now = Utc::now();
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Expr::value(Some(now)))
        .filter(invitation::Column::UserId.eq(inv.user_id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(&tx)
        .await?
        .rows_affected;
    if claimed == 0 {
        return Err(used());
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash.as_phc()))
        .col_expr(user::Column::Status, Expr::value(user::STATUS_ACTIVE))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(u.id))
        .exec(&tx)
        .await?;
    portal::record_customer_action(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: Some(u.id),
            actor_email: &u.email,
            organization_id: u.organization_id,
            action: "user.accept_invitation",
            target_type: "user",
            target_id: u.id.to_string(),
            outcome: Outcome::Success,
            ip: None,
            details: json!({"before": {"status": u.status}, "after": {"status": user::STATUS_ACTIVE}}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(u.id)
}

/// Whether the user still has an invitation they have not accepted.
pub(crate) async fn pending<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> Result<bool> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::UserId.eq(user_id))
        .filter(invitation::Column::UsedAt.is_null())
        .count(conn)
        .await?
        > 0)
}

fn used() -> ServiceError {
    ServiceError::conflict("token", "This invitation has already been used.")
}

/// The invitation and its user, or the specific reason the token cannot be used.
async fn usable<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    token: &str,
) -> Result<(invitation::Model, user::Model)> {
    let invalid = || ServiceError::invalid("token", "This invitation link is not valid.");
    let inv = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token::hash_token(token.trim())))
        .filter(invitation::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .ok_or_else(invalid)?;
    if inv.used_at.is_some() {
        return Err(used());
    }
    if inv.expires_at <= Utc::now() {
        return Err(ServiceError::invalid(
            "token",
            "This invitation has expired. Ask your administrator to send a new one.",
        ));
    }
    let u = user::Entity::find_by_id(inv.user_id)
        .one(conn)
        .await?
        .filter(|u| u.status == user::STATUS_INVITED)
        .ok_or_else(invalid)?;
    Ok((inv, u))
}

/// Stores a fresh invitation and queues its email.
async fn send<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
    user_id: Uuid,
    email: &str,
    first_name: &str,
    public_url: &str,
) -> Result<()> {
    let t = token::generate();
    let now = Utc::now();
    invitation::Entity::insert(invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(a.account_id),
        user_id: Set(user_id),
        token_hash: Set(token::hash_token(&t.raw)),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    let portal = crate::branding::portal_name(conn, a.account_id).await?;
    let org = rules::organization_of(conn, a).await?.name;
    let link = format!("{}/invitation/{}", public_url.trim_end_matches('/'), t.raw);
    let inviter = match a.principal {
        Principal::Customer(c) => format!("{} {}", c.first_name, c.last_name),
        Principal::Staff(s) => format!("{} {}", s.first_name, s.last_name),
    };
    mail::enqueue(
        conn,
        a.account_id,
        Message {
            to: email.to_owned(),
            subject: format!("{portal}: you are invited to {org}"),
            body: format!(
                "Hello {first_name},\n\n{} invites you to {org} on the {portal} portal.\n\n\
                 Set your password with this link (it works once, for {INVITATION_DAYS} days):\n\
                 {link}\n\nIf you did not expect this email, you can ignore it.\n\n-- {portal}\n",
                inviter.trim()
            ),
        },
    )
    .await?;
    Ok(())
}
