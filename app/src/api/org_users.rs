//! The organization's users (`users.manage`), and accepting an invitation (public).

use crate::{
    AppError,
    dto::org::{InvitationInfo, UsersPage},
};
use leptos::prelude::*;
use uuid::Uuid;

/// One page (25, by email) of the organization's users matching `q` (the start of the
/// email, the full name or the last name), after the user `after`; the cap and the contacts.
#[server(prefix = "/rpc", endpoint = "list_org_users")]
pub async fn list_org_users(q: String, after: Option<String>) -> Result<UsersPage, AppError> {
    use service::permissions::{CustomerRole, Permission};
    let s = super::context::signed_in()?;
    s.require(Permission::UsersManage)?;
    let after = super::convert::optional_id(after, "after", "The page link is not valid.")?;
    let page = service::org_admin::list_users(&s.state.db, &s.principal, &q, after).await?;
    Ok(UsersPage {
        next: page.next,
        owners: page.owners,
        users: page
            .users
            .into_iter()
            .map(|u| crate::dto::org::OrgUser {
                id: u.id,
                email: u.email,
                first_name: u.first_name,
                last_name: u.last_name,
                role: u.role.as_str().to_owned(),
                role_label: u.role.label().to_owned(),
                status: u.status,
                groups: u.groups,
                last_login_at: u.last_login_at.map(Into::into),
            })
            .collect(),
        used: page.used,
        cap: page.cap,
        primary_contact_id: page.primary_contact_id,
        secondary_contact_id: page.secondary_contact_id,
        roles: CustomerRole::ALL
            .into_iter()
            .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
            .collect(),
    })
}

/// Invites a user by email.
#[server(prefix = "/rpc", endpoint = "invite_user")]
pub async fn invite_user(
    email: String,
    first_name: String,
    last_name: String,
    role: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::UsersManage)?;
    let inv = service::org_admin::Invitation {
        email,
        first_name,
        last_name,
        role,
    };
    service::org_admin::invite(
        &s.state.db,
        &s.state.passwords,
        &s.principal,
        inv,
        &s.state.portal_url(&s.account),
    )
    .await?;
    leptos_axum::redirect("/org/users?saved=invited");
    Ok(())
}

/// Changes a user's name and role.
#[server(prefix = "/rpc", endpoint = "update_org_user")]
pub async fn update_org_user(
    user_id: Uuid,
    first_name: String,
    last_name: String,
    role: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::UsersManage)?;
    let edit = service::org_admin::UserEdit {
        first_name,
        last_name,
        role,
    };
    service::org_admin::update_user(&s.state.db, &s.principal, user_id, edit).await?;
    leptos_axum::redirect("/org/users?saved=updated");
    Ok(())
}

/// Disables (`active=false`) or enables a user.
#[server(prefix = "/rpc", endpoint = "set_org_user_active")]
pub async fn set_org_user_active(user_id: Uuid, active: bool) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::UsersManage)?;
    service::org_admin::set_active(&s.state.db, &s.principal, user_id, active).await?;
    let saved = if active { "enabled" } else { "disabled" };
    leptos_axum::redirect(&format!("/org/users?saved={saved}"));
    Ok(())
}

/// Deletes a user.
#[server(prefix = "/rpc", endpoint = "delete_org_user")]
pub async fn delete_org_user(user_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::UsersManage)?;
    service::org_admin::delete_user(&s.state.db, &s.principal, user_id).await?;
    leptos_axum::redirect("/org/users?saved=deleted");
    Ok(())
}

/// Sends a new invitation link.
#[server(prefix = "/rpc", endpoint = "resend_invitation")]
pub async fn resend_invitation(user_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::UsersManage)?;
    let url = s.state.portal_url(&s.account);
    service::org_admin::resend(&s.state.db, &s.principal, user_id, &url).await?;
    leptos_axum::redirect("/org/users?saved=resent");
    Ok(())
}

/// Sets the primary and (optional, empty for none) secondary contact.
#[server(prefix = "/rpc", endpoint = "set_org_contacts")]
pub async fn set_org_contacts(primary: Uuid, secondary: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::UsersManage)?;
    let secondary = match secondary.trim() {
        "" => None,
        id => Some(id.parse::<Uuid>().map_err(|_| AppError::NotFound)?),
    };
    service::org_admin::set_contacts(&s.state.db, &s.principal, primary, secondary).await?;
    leptos_axum::redirect("/org/users?saved=contacts");
    Ok(())
}

/// What an invitation link is for (public: the invitee has no session yet).
#[server(prefix = "/rpc", endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationInfo, AppError> {
    let r = super::context::request()?;
    let account = r.ctx.account.ok_or(AppError::NotFound)?;
    let info = service::org_admin::invitation_info(&r.state.db, account.id, &token).await?;
    Ok(InvitationInfo {
        email: info.email,
        first_name: info.first_name,
    })
}

/// Sets the invitee's password (public; the token works once, for seven days).
#[server(prefix = "/rpc", endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String) -> Result<(), AppError> {
    let r = super::context::request()?;
    let account = r.ctx.account.ok_or(AppError::NotFound)?;
    service::org_admin::accept(
        &r.state.db,
        &r.state.passwords,
        account.id,
        &token,
        &password.into(),
    )
    .await?;
    leptos_axum::redirect("/login?invited=1");
    Ok(())
}
