//! The vendor console's organizations: list, create, edit name and allowed users, set the
//! contacts, invite a customer user.

use crate::{AppError, dto::vendor_orgs::VendorOrgs};
use leptos::prelude::*;

/// Every organization of the account with its owners (vendor staff only).
#[server(prefix = "/rpc", endpoint = "get_vendor_organizations")]
pub async fn get_vendor_organizations() -> Result<VendorOrgs, AppError> {
    use crate::dto::{Named, vendor_orgs::VendorOrg};

    let s = super::context::signed_in()?;
    let rows = service::vendor_orgs::list(&s.state.db, &s.principal).await?;
    Ok(VendorOrgs {
        organizations: rows
            .into_iter()
            .map(|o| VendorOrg {
                id: o.id,
                name: o.name,
                allowed_users: o.allowed_users,
                users: o.users,
                primary_contact_id: o.primary_contact_id,
                secondary_contact_id: o.secondary_contact_id,
                owners: o
                    .owners
                    .into_iter()
                    .map(|u| Named {
                        id: u.id,
                        name: u.label,
                    })
                    .collect(),
            })
            .collect(),
        can_manage: super::convert::is_vendor_admin(&s.principal),
    })
}

#[cfg(feature = "ssr")]
fn org_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)
}

/// Creates an organization (vendor admins only); blank `allowed_users` is unlimited.
#[server(prefix = "/rpc", endpoint = "create_organization")]
pub async fn create_organization(name: String, allowed_users: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let cap = super::convert::limit(&allowed_users, "allowed_users")?;
    let ip = s.ctx.ip.as_deref();
    service::vendor_orgs::create(&s.state.db, &s.principal, &name, cap, ip).await?;
    leptos_axum::redirect("/vendor/organizations?saved=created");
    Ok(())
}

/// Renames an organization and sets its allowed users (vendor admins only).
#[server(prefix = "/rpc", endpoint = "update_organization")]
pub async fn update_organization(
    id: String,
    name: String,
    allowed_users: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = org_id(&id)?;
    let cap = super::convert::limit(&allowed_users, "allowed_users")?;
    let ip = s.ctx.ip.as_deref();
    service::vendor_orgs::update(&s.state.db, &s.principal, id, &name, cap, ip).await?;
    leptos_axum::redirect("/vendor/organizations?saved=updated");
    Ok(())
}

/// Sets an organization's primary and (optional) secondary contact, both active Owners of it
/// (vendor admins only).
#[server(prefix = "/rpc", endpoint = "set_organization_contacts")]
pub async fn set_organization_contacts(
    id: String,
    primary_contact_id: String,
    secondary_contact_id: String,
) -> Result<(), AppError> {
    use super::convert::parse_id;

    let s = super::context::signed_in()?;
    let id = org_id(&id)?;
    let primary = parse_id(&primary_contact_id, "primary_contact_id")?
        .ok_or_else(|| AppError::invalid("primary_contact_id", "Choose the primary contact."))?;
    let secondary = parse_id(&secondary_contact_id, "secondary_contact_id")?;
    service::vendor_orgs::set_contacts(&s.state.db, &s.principal, id, primary, secondary).await?;
    leptos_axum::redirect("/vendor/organizations?saved=contacts");
    Ok(())
}

/// Invites a customer user to an organization with a role (vendor admins only): the email
/// goes through the outbox with a single-use link, as an organization admin's invitation.
#[server(prefix = "/rpc", endpoint = "invite_to_organization")]
pub async fn invite_to_organization(
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    role: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = org_id(&id)?;
    let inv = service::org_admin::Invitation {
        email,
        first_name,
        last_name,
        role,
    };
    let (db, pw, url) = (
        &s.state.db,
        &s.state.passwords,
        s.state.portal_url(&s.account),
    );
    service::vendor_orgs::invite(db, pw, &s.principal, id, inv, &url).await?;
    leptos_axum::redirect("/vendor/organizations?saved=invited");
    Ok(())
}
