//! Building a `Principal` from a user row.

use sea_orm::EntityTrait;

use crate::{
    Db, Result,
    entities::{organization, user},
    permissions::{CustomerRole, StaffRole},
    principal::{CustomerPrincipal, Principal, StaffPrincipal},
};

/// The principal of a user, or None when the row's role is not one we know (never guess a
/// role: an unknown one signs nobody in).
pub(crate) async fn principal_of(db: &Db, u: &user::Model) -> Result<Option<Principal>> {
    if u.kind == user::KIND_STAFF {
        return Ok(staff_principal(u));
    }
    let settings = crate::portal::settings(db, u.account_id).await?;
    customer_principal(db, u, &settings).await
}

/// The principal of a staff row (its grants depend on its role only).
pub(crate) fn staff_principal(u: &user::Model) -> Option<Principal> {
    let role = u.staff_role.as_deref().and_then(StaffRole::parse)?;
    Some(Principal::Staff(StaffPrincipal {
        user_id: u.id,
        account_id: u.account_id,
        role,
        email: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
    }))
}

/// The principal of a customer row, with the account's portal settings already loaded
/// (they decide the role's grants).
pub(crate) async fn customer_principal(
    db: &Db,
    u: &user::Model,
    settings: &crate::portal::PortalSettings,
) -> Result<Option<Principal>> {
    let Some(role) = u.customer_role.as_deref().and_then(CustomerRole::parse) else {
        return Ok(None);
    };
    let grants = settings.effective(role);
    let organization_name = match u.organization_id {
        Some(id) => organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    Ok(Some(Principal::Customer(CustomerPrincipal {
        user_id: u.id,
        account_id: u.account_id,
        organization_id: u.organization_id,
        organization_name,
        role,
        email: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        grants,
        viewed_by: None,
    })))
}
