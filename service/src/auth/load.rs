//! Building a `Principal` from a user row.

use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::{
    Db, Result,
    entities::{organization, user},
    permissions::{CustomerRole, Permission, StaffRole},
    portal::PortalSettings,
    principal::{CustomerPrincipal, Principal, StaffPrincipal},
};

/// The columns of a user that make a principal (a user row, or the user's part of the joined
/// session query).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Person<'a> {
    pub(crate) id: Uuid,
    pub(crate) account_id: Uuid,
    pub(crate) staff_role: Option<&'a str>,
    pub(crate) customer_role: Option<&'a str>,
    pub(crate) organization_id: Option<Uuid>,
    pub(crate) email: &'a str,
    pub(crate) first_name: &'a str,
    pub(crate) last_name: &'a str,
}

impl<'a> From<&'a user::Model> for Person<'a> {
    fn from(u: &'a user::Model) -> Self {
        Self {
            id: u.id,
            account_id: u.account_id,
            staff_role: u.staff_role.as_deref(),
            customer_role: u.customer_role.as_deref(),
            organization_id: u.organization_id,
            email: &u.email,
            first_name: &u.first_name,
            last_name: &u.last_name,
        }
    }
}

/// The principal of a user, or None when the row's role is not one we know (never guess a
/// role: an unknown one signs nobody in).
pub(crate) async fn principal_of(db: &Db, u: &user::Model) -> Result<Option<Principal>> {
    let person = Person::from(u);
    if u.kind == user::KIND_STAFF {
        return Ok(staff_principal(&person));
    }
    let settings = crate::portal::settings(db, u.account_id).await?;
    let organization_name = match u.organization_id {
        Some(id) => organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    Ok(customer_principal(&person, &settings, organization_name))
}

/// The principal of a staff row (its grants depend on its role only).
pub(crate) fn staff_principal(u: &Person<'_>) -> Option<Principal> {
    let role = u.staff_role.and_then(StaffRole::parse)?;
    Some(Principal::Staff(StaffPrincipal {
        user_id: u.id,
        account_id: u.account_id,
        role,
        email: u.email.to_owned(),
        first_name: u.first_name.to_owned(),
        last_name: u.last_name.to_owned(),
    }))
}

/// The principal of a customer row, with the account's portal settings (they decide the
/// role's grants) and the name of the user's organization.
pub(crate) fn customer_principal(
    u: &Person<'_>,
    settings: &PortalSettings,
    organization_name: Option<String>,
) -> Option<Principal> {
    let role = u.customer_role.and_then(CustomerRole::parse)?;
    let mut grants = settings.effective(role);
    if u.organization_id.is_none() {
        for p in Permission::ALL
            .into_iter()
            .filter(|p| p.needs_organization())
        {
            grants.set(p, false);
        }
    }
    Some(Principal::Customer(CustomerPrincipal {
        user_id: u.id,
        account_id: u.account_id,
        organization_id: u.organization_id,
        organization_name,
        role,
        email: u.email.to_owned(),
        first_name: u.first_name.to_owned(),
        last_name: u.last_name.to_owned(),
        grants,
        viewed_by: None,
    }))
}
