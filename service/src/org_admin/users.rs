//! The organization's users: list, edit, disable, delete; the user cap; the contacts.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, ExprTrait as _},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    Admin, admin, name,
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

/// Users on one page of `/org/users`.
pub const USERS_PAGE: u64 = 25;
/// Most people one search for a group's new member offers.
pub const PEOPLE_MATCHES: u64 = 20;
/// Most Owners offered as contacts.
const MAX_OWNERS: u64 = 100;
/// Longest search.
const MAX_SEARCH: usize = 100;

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
    /// One page of the matching users, by email.
    pub users: Vec<OrgUser>,
    /// Cursor of the next page (the last user's id), None on the last one.
    pub next: Option<Uuid>,
    /// Users counting against the cap (active and invited).
    pub used: i64,
    /// The cap (None = unlimited).
    pub cap: Option<i64>,
    /// Primary contact.
    pub primary_contact_id: Option<Uuid>,
    /// Secondary contact.
    pub secondary_contact_id: Option<Uuid>,
    /// Active Owners (who may be contacts) as (id, "First Last"), by email; at most 100.
    pub owners: Vec<(Uuid, String)>,
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

/// One page (25) of the organization's users matching `q`, by email, after the user `after`.
///
/// `q` matches the start of the email, of the full name ("First Last") or of the last name,
/// ignoring the case of ASCII letters. A cursor that is not a user of the organization
/// finds nothing.
pub async fn list_users(db: &Db, p: &Principal, q: &str, after: Option<Uuid>) -> Result<UsersPage> {
    let a = admin(p, Permission::UsersManage)?;
    let org = organization_of(db, &a).await?;
    let (rows, next) = match cursor_email(db, &a, after).await? {
        Some(after) => page_of_users(db, &a, q, after.as_deref(), USERS_PAGE).await?,
        None => (Vec::new(), None),
    };
    let mut groups = group_names(db, rows.iter().map(|u| u.id)).await?;
    let used = count_used(db, &a).await?;
    let owners = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .filter(user::Column::CustomerRole.eq(CustomerRole::Owner.as_str()))
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::Status.eq(user::STATUS_ACTIVE))
        .order_by_asc(user::Column::Email)
        .limit(MAX_OWNERS)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name()))
        .collect();
    let users = rows
        .into_iter()
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
        next,
        used,
        cap: org.allowed_users,
        primary_contact_id: org.primary_contact_id,
        secondary_contact_id: org.secondary_contact_id,
        owners,
    })
}

/// The people of the organization matching `q` (as [`list_users`] matches), at most 20 by
/// email, as (id, "First Last", email): to add to a group (`groups.manage`).
pub async fn search_people(db: &Db, p: &Principal, q: &str) -> Result<Vec<(Uuid, String, String)>> {
    let a = admin(p, Permission::GroupsManage)?;
    let (rows, _) = page_of_users(db, &a, q, None, PEOPLE_MATCHES).await?;
    Ok(rows
        .into_iter()
        .map(|u| (u.id, u.full_name(), u.email))
        .collect())
}

/// The email of the cursor user: `Some(None)` without a cursor, `None` when the cursor is
/// not a user of the organization (the page is then empty).
async fn cursor_email(
    db: &Db,
    a: &Admin<'_>,
    after: Option<Uuid>,
) -> Result<Option<Option<String>>> {
    let Some(after) = after else {
        return Ok(Some(None));
    };
    Ok(user::Entity::find_by_id(after)
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .one(db)
        .await?
        .map(|u| Some(u.email)))
}

/// Up to `limit` users of the organization matching `q`, by email, after the email `after`;
/// and the cursor of the next page.
///
/// Each test is its own query, written so that one index answers it: the email order and
/// prefix by `users(organization_id, account_id, email)`, each name prefix by its expression
/// index (migration `m20261205_000003`; the expressions here are the same text), and the
/// three are merged here. A prefix is a range `[q, q + U+10FFFF)`: no LIKE (whose use of an
/// index depends on the database's collation and case rules), no escaping of `%` and `_`.
/// A name query reads its matches (not the organization) and sorts them by email; its cursor
/// test is written `email || '' > ?` so that SQLite, which has no statistics here, does not
/// walk the whole organization in email order to skip the sort.
async fn page_of_users(
    db: &Db,
    a: &Admin<'_>,
    q: &str,
    after: Option<&str>,
    limit: u64,
) -> Result<(Vec<user::Model>, Option<Uuid>)> {
    let base = || {
        user::Entity::find()
            .filter(user::Column::OrganizationId.eq(a.organization_id))
            .filter(user::Column::AccountId.eq(a.account_id))
            .order_by_asc(user::Column::Email)
            .limit(limit + 1)
    };
    let by_email = |query: sea_orm::Select<user::Entity>| match after {
        Some(after) => query.filter(user::Column::Email.gt(after)),
        None => query,
    };
    let mut rows = match search_term(q)? {
        None => by_email(base()).all(db).await?,
        Some(q) => {
            let end = format!("{q}{}", char::MAX);
            let mut found: BTreeMap<String, user::Model> = BTreeMap::new();
            let email = by_email(base())
                .filter(user::Column::Email.gte(q.as_str()))
                .filter(user::Column::Email.lt(end.as_str()));
            for u in email.all(db).await? {
                found.insert(u.email.clone(), u);
            }
            for expr in [FULL_NAME, LAST_NAME] {
                let mut query = base()
                    .filter(Expr::cust(expr).gte(q.as_str()))
                    .filter(Expr::cust(expr).lt(end.as_str()));
                if let Some(after) = after {
                    query = query.filter(Expr::cust("email || ''").gt(after));
                }
                for u in query.all(db).await? {
                    found.insert(u.email.clone(), u);
                }
            }
            found.into_values().take(limit as usize + 1).collect()
        }
    };
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|u| u.id)
    } else {
        None
    };
    Ok((rows, next))
}

/// The expression of the full-name index (`m20261205_000003_org_pages`).
const FULL_NAME: &str = "lower(first_name || ' ' || last_name)";
/// The expression of the last-name index.
const LAST_NAME: &str = "lower(last_name)";

/// The search, trimmed and ASCII-lower-cased (SQLite's `lower` folds ASCII only, so the
/// database and this side agree); None when empty; `Invalid{q}` past 100 characters.
fn search_term(q: &str) -> Result<Option<String>> {
    let q = q.trim();
    if q.chars().count() > MAX_SEARCH {
        return Err(ServiceError::invalid(
            "q",
            "Search with at most 100 characters.",
        ));
    }
    Ok((!q.is_empty()).then(|| q.to_ascii_lowercase()))
}

/// The sorted group names of each of `users` (a page of them).
async fn group_names(
    db: &Db,
    users: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Vec<String>>> {
    let ids: Vec<Uuid> = users.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let memberships = group_membership::Entity::find()
        .filter(group_membership::Column::UserId.is_in(ids))
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = user_group::Entity::find()
        .filter(user_group::Column::Id.is_in(memberships.iter().map(|m| m.group_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let mut groups: HashMap<Uuid, Vec<String>> = HashMap::new();
    for m in memberships {
        if let Some(n) = names.get(&m.group_id) {
            groups.entry(m.user_id).or_default().push(n.clone());
        }
    }
    Ok(groups)
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
