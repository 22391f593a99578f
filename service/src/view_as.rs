//! "View as customer": vendor staff open the portal exactly as one customer user sees it,
//! read-only, with an audit event at start and end.
//!
//! The mode lives on the staff member's session (`view_as_sessions`); while it is on,
//! [`crate::auth::session`] resolves that session to the customer's principal with
//! `viewed_by` set, which grants read permissions only. The server refuses every mutation of
//! such a principal (see the `/rpc` guard), except ending the mode and signing out.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    auth::{hash_token, principal_of},
    entities::{organization, session, user, view_as_session},
    permissions::CustomerRole,
    principal::Principal,
};

/// A customer user staff may view the portal as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerChoice {
    /// User id.
    pub id: Uuid,
    /// "Olivia Owner".
    pub name: String,
    /// Email.
    pub email: String,
    /// Organization name, None for an individual.
    pub organization_name: Option<String>,
    /// "Owner", "Member", ...
    pub role_label: String,
}

fn staff_only(principal: &Principal) -> Result<()> {
    match principal {
        Principal::Staff(_) => Ok(()),
        Principal::Customer(_) => Err(ServiceError::Forbidden),
    }
}

/// The account's active customer users, by email.
pub async fn customers(db: &Db, principal: &Principal) -> Result<Vec<CustomerChoice>> {
    staff_only(principal)?;
    let account_id = principal.account_id();
    let orgs: std::collections::HashMap<Uuid, String> = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::AccountId.eq(account_id))
        .filter(user::Column::Kind.eq(user::KIND_CUSTOMER))
        .filter(user::Column::Status.eq(user::STATUS_ACTIVE))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?
        .into_iter()
        .map(|u| CustomerChoice {
            id: u.id,
            name: format!("{} {}", u.first_name, u.last_name),
            organization_name: u.organization_id.and_then(|o| orgs.get(&o).cloned()),
            role_label: u
                .customer_role
                .as_deref()
                .and_then(CustomerRole::parse)
                .map(|r| r.label().to_owned())
                .unwrap_or_default(),
            email: u.email,
        })
        .collect())
}

async fn session_of(db: &Db, account_id: Uuid, token: &str) -> Result<session::Model> {
    session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash_token(token)))
        .filter(session::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(ServiceError::Unauthorized)
}

/// Starts viewing as `customer_user_id` on the staff member's session `token`.
pub async fn start(
    db: &Db,
    principal: &Principal,
    token: &str,
    customer_user_id: Uuid,
    ip: Option<&str>,
) -> Result<()> {
    staff_only(principal)?;
    let account_id = principal.account_id();
    let target = user::Entity::find_by_id(customer_user_id)
        .one(db)
        .await?
        .filter(|u| {
            u.account_id == account_id
                && u.kind == user::KIND_CUSTOMER
                && u.status == user::STATUS_ACTIVE
        })
        .ok_or(ServiceError::NotFound)?;
    let session = session_of(db, account_id, token).await?;
    view_as_session::Entity::delete_by_id(session.id)
        .exec(db)
        .await?;
    view_as_session::Entity::insert(view_as_session::ActiveModel {
        session_id: Set(session.id),
        account_id: Set(account_id),
        customer_user_id: Set(target.id),
        started_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    event(
        db,
        principal,
        principal.email(),
        "view_as.start",
        &target,
        ip,
    )
    .await
}

async fn event(
    db: &Db,
    staff: &Principal,
    staff_email: &str,
    action: &str,
    target: &user::Model,
    ip: Option<&str>,
) -> Result<()> {
    let staff_id = staff.viewed_by().unwrap_or_else(|| staff.user_id());
    audit::record(
        db,
        AuditEntry {
            account_id: target.account_id,
            actor_user_id: Some(staff_id),
            actor_email: staff_email,
            organization_id: target.organization_id,
            action,
            target_type: "user",
            target_id: target.id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({ "customer_email": target.email }),
        },
    )
    .await
}

/// Ends viewing as a customer on this session (the principal is the viewed customer).
pub async fn end(db: &Db, principal: &Principal, token: &str, ip: Option<&str>) -> Result<()> {
    let Some(staff_id) = principal.viewed_by() else {
        return Err(ServiceError::Forbidden);
    };
    let session = session_of(db, principal.account_id(), token).await?;
    view_as_session::Entity::delete_by_id(session.id)
        .exec(db)
        .await?;
    let staff_email = user::Entity::find_by_id(staff_id)
        .one(db)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    let target = user::Entity::find_by_id(principal.user_id())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    event(db, principal, &staff_email, "view_as.end", &target, ip).await
}

/// The viewed customer's principal for a staff session in view-as mode, or None.
pub(crate) async fn resolve(
    db: &Db,
    session_id: Uuid,
    staff_user_id: Uuid,
) -> Result<Option<Principal>> {
    let Some(row) = view_as_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let target = user::Entity::find_by_id(row.customer_user_id)
        .one(db)
        .await?
        .filter(|u| u.account_id == row.account_id && u.status == user::STATUS_ACTIVE);
    let principal = match &target {
        Some(u) => principal_of(db, u).await?,
        None => None,
    };
    match principal {
        Some(Principal::Customer(mut c)) => {
            c.viewed_by = Some(staff_user_id);
            Ok(Some(Principal::Customer(c)))
        }
        _ => {
            view_as_session::Entity::delete_by_id(session_id)
                .exec(db)
                .await?;
            Ok(None)
        }
    }
}
