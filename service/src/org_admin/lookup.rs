//! Small, bounded look-ups for the forms on a license's page: who a license is assigned to,
//! a user by email, the groups it may be linked to. None of them lists the organization's
//! people: an organization of 5,000 users made that page a 2 MB select.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::admin;
use crate::{
    Db, Result, ServiceError,
    entities::{user, user_group},
    permissions::Permission,
    principal::Principal,
};

/// Groups offered on a license's page at most (by name); an organization with more links
/// the others from the groups page, which searches.
pub const GROUP_CHOICES: u64 = 200;

/// A user of the organization: id, "First Last" and email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRef {
    /// User id.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// The organization's user with this email (any case), for `groups.assign_licenses`;
/// `Invalid{field}` with a sentence when there is none.
pub async fn user_by_email(db: &Db, p: &Principal, field: &str, email: &str) -> Result<PersonRef> {
    admin(p, Permission::GroupsAssignLicenses)?;
    colleague_by_email(db, p, field, email).await
}

/// A user of the principal's own organization by email (any case), whatever the caller's
/// permission (the caller checks it: the activity page's "User" filter needs `audit.view`);
/// `Forbidden` outside an organization, `Invalid{field}` when nobody there has it.
pub async fn colleague_by_email(
    db: &Db,
    p: &Principal,
    field: &str,
    email: &str,
) -> Result<PersonRef> {
    let (Principal::Customer(_), Some(organization_id)) = (p, p.organization_id()) else {
        return Err(ServiceError::Forbidden);
    };
    let email = email.trim().to_lowercase();
    let found = user::Entity::find()
        .filter(user::Column::AccountId.eq(p.account_id()))
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?;
    match found {
        Some(u) => Ok(PersonRef {
            id: u.id,
            name: u.full_name(),
            email: u.email,
        }),
        None => Err(ServiceError::invalid(
            field,
            "Nobody in your organization has this email address.",
        )),
    }
}

/// The organization's user `id`, or None when it is not one of them.
pub async fn person(db: &Db, p: &Principal, id: Uuid) -> Result<Option<PersonRef>> {
    let a = admin(p, Permission::GroupsAssignLicenses)?;
    Ok(user::Entity::find_by_id(id)
        .filter(user::Column::AccountId.eq(a.account_id))
        .filter(user::Column::OrganizationId.eq(a.organization_id))
        .one(db)
        .await?
        .map(|u| PersonRef {
            id: u.id,
            name: u.full_name(),
            email: u.email,
        }))
}

/// The organization's groups as (id, name), by name, at most [`GROUP_CHOICES`].
pub async fn group_names(db: &Db, p: &Principal) -> Result<Vec<(Uuid, String)>> {
    let a = admin(p, Permission::GroupsAssignLicenses)?;
    Ok(user_group::Entity::find()
        .select_only()
        .column(user_group::Column::Id)
        .column(user_group::Column::Name)
        .filter(user_group::Column::OrganizationId.eq(a.organization_id))
        .filter(user_group::Column::AccountId.eq(a.account_id))
        .order_by_asc(user_group::Column::Name)
        .limit(GROUP_CHOICES)
        .into_tuple()
        .all(db)
        .await?)
}
