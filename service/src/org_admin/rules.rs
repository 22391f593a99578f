//! The rules every admin change goes through: same organization, grantable roles, the user
//! cap and the last Owner.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::Admin;
use crate::{
    Result, ServiceError,
    entities::{organization, user},
    permissions::{CustomerRole, Permission},
};

/// The role id `s`, if the admin may grant it: a customer role whose every permission the
/// admin holds.
pub(crate) fn grantable_role(
    a: &Admin<'_>,
    s: &str,
) -> std::result::Result<CustomerRole, crate::FieldError> {
    let refuse = || crate::FieldError::new("role", "You may not grant this role.");
    let role = CustomerRole::parse(s.trim()).ok_or_else(refuse)?;
    let all = Permission::ALL
        .into_iter()
        .filter(|p| role.default_grants(*p))
        .all(|p| a.principal.can(p));
    if all { Ok(role) } else { Err(refuse()) }
}

/// The user, if they are a customer of the admin's organization; `NotFound` otherwise.
pub(crate) async fn user_in_org<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
    user_id: Uuid,
) -> Result<user::Model> {
    user::Entity::find_by_id(user_id)
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .filter(user::Column::Kind.eq(user::KIND_CUSTOMER))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The admin's organization.
pub(crate) async fn organization_of<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
) -> Result<organization::Model> {
    organization::Entity::find_by_id(a.organization_id)
        .filter(organization::Column::AccountId.eq(a.account_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Users counting against `allowed_users`: every one not disabled.
pub(crate) async fn count_used<C: ConnectionTrait>(conn: &C, a: &Admin<'_>) -> Result<i64> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .filter(user::Column::Status.ne(user::STATUS_DISABLED))
        .count(conn)
        .await? as i64)
}

/// `Conflict` when one more user would pass the organization's cap.
pub(crate) async fn check_cap<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
    field: &str,
) -> Result<()> {
    let org = organization_of(conn, a).await?;
    let used = count_used(conn, a).await?;
    match org.allowed_users {
        Some(cap) if used >= cap => Err(ServiceError::conflict(
            field,
            &format!(
                "Your organization may have {cap} users and {used} are in use. \
                 Disable or delete a user first, or ask your vendor for more."
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuses to take away the Owner role (demote, disable, delete) from the last active Owner
/// or from a contact.
pub(crate) async fn keep_owner<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
    u: &user::Model,
    field: &str,
) -> Result<()> {
    if role_of(u) != CustomerRole::Owner {
        return Ok(());
    }
    let org = organization_of(conn, a).await?;
    if org.primary_contact_id == Some(u.id) || org.secondary_contact_id == Some(u.id) {
        return Err(ServiceError::conflict(
            field,
            "This user is a contact of the organization: choose another contact first.",
        ));
    }
    let owners = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .filter(user::Column::CustomerRole.eq(CustomerRole::Owner.as_str()))
        .filter(user::Column::Status.eq(user::STATUS_ACTIVE))
        .filter(user::Column::Id.ne(u.id))
        .count(conn)
        .await?;
    if owners == 0 && u.status == user::STATUS_ACTIVE {
        return Err(ServiceError::conflict(
            field,
            "The organization needs at least one active Owner.",
        ));
    }
    Ok(())
}

/// The stored role (Viewer when unknown: the least power).
pub(crate) fn role_of(u: &user::Model) -> CustomerRole {
    u.customer_role
        .as_deref()
        .and_then(CustomerRole::parse)
        .unwrap_or(CustomerRole::Viewer)
}
