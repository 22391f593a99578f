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
    let settings = match u.kind.as_str() {
        user::KIND_STAFF => None,
        _ => Some(crate::portal::settings(db, u.account_id).await?),
    };
    principal_with(db, u, settings.as_ref()).await
}

/// [`principal_of`] with the account's portal settings already loaded (`None` is only right
/// for staff, whose grants do not depend on them).
pub(crate) async fn principal_with(
    db: &Db,
    u: &user::Model,
    settings: Option<&crate::portal::PortalSettings>,
) -> Result<Option<Principal>> {
    if u.kind == user::KIND_STAFF {
        let Some(role) = u.staff_role.as_deref().and_then(StaffRole::parse) else {
            return Ok(None);
        };
        return Ok(Some(Principal::Staff(StaffPrincipal {
            user_id: u.id,
            account_id: u.account_id,
            role,
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
        })));
    }
    let Some(role) = u.customer_role.as_deref().and_then(CustomerRole::parse) else {
        return Ok(None);
    };
    let grants = match settings {
        Some(settings) => settings.effective(role),
        None => crate::portal::settings(db, u.account_id)
            .await?
            .effective(role),
    };
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
