//! The organization's users: list, edit, disable, delete; the user cap; the contacts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    admin, name,
    rules::{
        check_cap, count_used, grantable_role, keep_owner, organization_of, role_of, user_in_org,
    },
};
use crate::{
    Db, Result, ServiceError,
    entities::{group_membership, license, session, user, user_group},
    permissions::{CustomerRole, Permission},
    principal::Principal,
};

/// A user of the organization as the admin sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgUser {
    /// User id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Role.
    pub role: CustomerRole,
    /// `active`, `invited` or `disabled`.
    pub status: String,
    /// Names of their groups, sorted.
    pub groups: Vec<String>,
    /// Last sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// The users page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersPage {
    /// Matching users, by email.
    pub users: Vec<OrgUser>,
    /// Users counting against the cap (active and invited).
    pub used: i64,
    /// The cap (None = unlimited).
    pub cap: Option<i64>,
    /// Primary contact.
    pub primary_contact_id: Option<Uuid>,
    /// Secondary contact.
    pub secondary_contact_id: Option<Uuid>,
}

/// New name and role of a user.
#[derive(Debug, Clone)]
pub struct UserEdit {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Role id (`owner`, `member`, ...).
    pub role: String,
}

/// The organization's users whose name or email contains `q` (any case).
pub async fn list_users(db: &Db, p: &Principal, q: &str) -> Result<UsersPage> {
    let a = admin(p, Permission::UsersManage)?;
    let org = organization_of(db, &a).await?;
    let q = q.trim().to_lowercase();
    let rows = user::Entity::find()
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    let mut groups: HashMap<Uuid, Vec<String>> = HashMap::new();
    let org_groups: HashMap<Uuid, String> = user_group::Entity::find()
        .filter(user_group::Column::OrganizationId.eq(a.organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    for m in group_membership::Entity::find()
        .filter(group_membership::Column::GroupId.is_in(org_groups.keys().copied()))
        .all(db)
        .await?
    {
        if let Some(n) = org_groups.get(&m.group_id) {
            groups.entry(m.user_id).or_default().push(n.clone());
        }
    }
    let used = count_used(db, &a).await?;
    let users = rows
        .into_iter()
        .filter(|u| {
            q.is_empty() || u.email.contains(&q) || u.full_name().to_lowercase().contains(&q)
        })
        .map(|u| {
            let mut g = groups.remove(&u.id).unwrap_or_default();
            g.sort();
            OrgUser {
                role: role_of(&u),
                id: u.id,
                email: u.email,
                first_name: u.first_name,
                last_name: u.last_name,
                status: u.status,
                groups: g,
                last_login_at: u.last_login_at,
            }
        })
        .collect();
    Ok(UsersPage {
        users,
        used,
        cap: org.allowed_users,
        primary_contact_id: org.primary_contact_id,
        secondary_contact_id: org.secondary_contact_id,
    })
}

/// Changes a user's name and role. The last active Owner, or a contact, stays an Owner.
pub async fn update_user(db: &Db, p: &Principal, user_id: Uuid, edit: UserEdit) -> Result<()> {
    let a = admin(p, Permission::UsersManage)?;
    let mut errors = Vec::new();
    let first = name("first_name", &edit.first_name, 100, &mut errors);
    let last = name("last_name", &edit.last_name, 100, &mut errors);
    let role = grantable_role(&a, &edit.role)
        .map_err(|e| errors.push(e))
        .ok();
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Invalid(errors));
    };
    let tx = db.begin().await?;
    let u = user_in_org(&tx, &a, user_id).await?;
    let before = role_of(&u);
    if before == CustomerRole::Owner && role != CustomerRole::Owner {
        keep_owner(&tx, &a, &u, "role").await?;
    }
    user::Entity::update_many()
        .col_expr(user::Column::FirstName, Expr::value(first.clone()))
        .col_expr(user::Column::LastName, Expr::value(last.clone()))
        .col_expr(user::Column::CustomerRole, Expr::value(Some(role.as_str())))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(u.id))
        .exec(&tx)
        .await?;
    a.audit(
        &tx,
        "user.update",
        "user",
        u.id,
        json!({"first_name": u.first_name, "last_name": u.last_name, "role": before.as_str()}),
        json!({"first_name": first, "last_name": last, "role": role.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables a user (their sessions end at once) or enables them again (within the cap).
pub async fn set_active(db: &Db, p: &Principal, user_id: Uuid, active: bool) -> Result<()> {
    let a = admin(p, Permission::UsersManage)?;
    let tx = db.begin().await?;
    let u = user_in_org(&tx, &a, user_id).await?;
    let was_disabled = u.status == user::STATUS_DISABLED;
    if active != was_disabled {
        return Ok(());
    }
    if active {
        check_cap(&tx, &a, "user_id").await?;
    } else {
        if u.id == p.user_id() {
            return Err(ServiceError::conflict(
                "user_id",
                "You cannot disable yourself.",
            ));
        }
        keep_owner(&tx, &a, &u, "user_id").await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(u.id))
            .exec(&tx)
            .await?;
    }
    // A re-enabled user who never accepted their invitation is invited again.
    let pending = super::invitations::pending(&tx, u.id).await?;
    let status = match (active, !pending) {
        (false, _) => user::STATUS_DISABLED,
        (true, true) => user::STATUS_ACTIVE,
        (true, false) => user::STATUS_INVITED,
    };
    user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(status))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(u.id))
        .exec(&tx)
        .await?;
    let action = if active {
        "user.enable"
    } else {
        "user.disable"
    };
    a.audit(
        &tx,
        action,
        "user",
        u.id,
        json!({"status": u.status}),
        json!({"status": status}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a user: their direct license assignments go, their licenses' activations stay
/// (the audit event keeps who they were).
pub async fn delete_user(db: &Db, p: &Principal, user_id: Uuid) -> Result<()> {
    let a = admin(p, Permission::UsersManage)?;
    let tx = db.begin().await?;
    let u = user_in_org(&tx, &a, user_id).await?;
    if u.id == p.user_id() {
        return Err(ServiceError::conflict(
            "user_id",
            "You cannot delete yourself.",
        ));
    }
    keep_owner(&tx, &a, &u, "user_id").await?;
    let assigned = license::Entity::update_many()
        .col_expr(
            license::Column::OwnerUserId,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(license::Column::OwnerUserId.eq(u.id))
        .filter(license::Column::AccountId.eq(a.account_id))
        .exec(&tx)
        .await?
        .rows_affected;
    user::Entity::delete_by_id(u.id).exec(&tx).await?;
    a.audit(
        &tx,
        "user.delete",
        "user",
        u.id,
        json!({"email": u.email, "name": u.full_name(), "role": role_of(&u).as_str(),
               "status": u.status, "direct_licenses": assigned}),
        json!(null),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The organization's users as (id, name, email), by email: for the groups page
/// (`groups.manage` or `groups.assign_licenses`).
pub async fn list_people(db: &Db, p: &Principal) -> Result<Vec<(Uuid, String, String)>> {
    let a = admin(p, Permission::GroupsManage)
        .or_else(|_| admin(p, Permission::GroupsAssignLicenses))?;
    Ok(user::Entity::find()
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name(), u.email))
        .collect())
}
