//! Groups, memberships and license links (`groups.manage`, `groups.assign_licenses`).

use crate::{AppError, dto::org::GroupsPage};
use leptos::prelude::*;
use uuid::Uuid;

/// The organization's groups, people and licenses.
#[server(prefix = "/rpc", endpoint = "list_org_groups")]
pub async fn list_org_groups() -> Result<GroupsPage, AppError> {
    use crate::dto::org::{Group, LicenseChoice, Person};
    use service::permissions::Permission;
    let s = super::context::signed_in()?;
    let can_manage = s.principal.can(Permission::GroupsManage);
    let can_assign = s.principal.can(Permission::GroupsAssignLicenses);
    if !can_manage && !can_assign {
        return Err(AppError::Forbidden);
    }
    let db = &s.state.db;
    let groups = service::org_admin::list_groups(db, &s.principal).await?;
    let people = service::org_admin::list_people(db, &s.principal).await?;
    let licenses = if can_assign {
        service::org_admin::list_org_licenses(db, &s.principal).await?
    } else {
        Vec::new()
    };
    Ok(GroupsPage {
        groups: groups
            .into_iter()
            .map(|g| Group {
                id: g.id,
                name: g.name,
                description: g.description,
                member_ids: g.member_ids,
                license_ids: g.license_ids,
            })
            .collect(),
        people: people
            .into_iter()
            .map(|(id, name, email)| Person { id, name, email })
            .collect(),
        licenses: licenses
            .into_iter()
            .map(|l| LicenseChoice {
                id: l.id,
                label: format!("{} ·····{}", l.product_name, l.key_tail),
            })
            .collect(),
        can_manage,
        can_assign,
    })
}

/// Creates a group.
#[server(prefix = "/rpc", endpoint = "create_org_group")]
pub async fn create_org_group(name: String, description: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::create_group(&s.state.db, &s.principal, &name, &description).await?;
    leptos_axum::redirect("/org/groups?saved=created");
    Ok(())
}

/// Renames a group and changes its description.
#[server(prefix = "/rpc", endpoint = "update_org_group")]
pub async fn update_org_group(
    group_id: Uuid,
    name: String,
    description: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::update_group(&s.state.db, &s.principal, group_id, &name, &description)
        .await?;
    leptos_axum::redirect("/org/groups?saved=updated");
    Ok(())
}

/// Deletes a group.
#[server(prefix = "/rpc", endpoint = "delete_org_group")]
pub async fn delete_org_group(group_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::delete_group(&s.state.db, &s.principal, group_id).await?;
    leptos_axum::redirect("/org/groups?saved=deleted");
    Ok(())
}

/// Adds a user to a group (the form; redirects back).
#[server(prefix = "/rpc", endpoint = "add_group_member")]
pub async fn add_group_member(group_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::add_member(&s.state.db, &s.principal, group_id, user_id).await?;
    leptos_axum::redirect("/org/groups?saved=member_added");
    Ok(())
}

/// Removes a user from a group (the form; redirects back).
#[server(prefix = "/rpc", endpoint = "remove_group_member")]
pub async fn remove_group_member(group_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::remove_member(&s.state.db, &s.principal, group_id, user_id).await?;
    leptos_axum::redirect("/org/groups?saved=member_removed");
    Ok(())
}

/// A drop: moves the user from `from_group` (if any) to `to_group` (if any; none = just
/// leave). No redirect: the page updates itself optimistically and rolls back on an error.
#[server(prefix = "/rpc", endpoint = "drop_group_member")]
pub async fn drop_group_member(
    user_id: Uuid,
    from_group: Option<Uuid>,
    to_group: Option<Uuid>,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::move_member(&s.state.db, &s.principal, user_id, from_group, to_group)
        .await?;
    Ok(())
}

/// Links a group to a license; `back` is where the form returns (`group` or `license`).
#[server(prefix = "/rpc", endpoint = "link_group_license")]
pub async fn link_group_license(
    group_id: Uuid,
    license_id: Uuid,
    back: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsAssignLicenses)?;
    service::org_admin::link_license(&s.state.db, &s.principal, group_id, license_id).await?;
    leptos_axum::redirect(&super::convert::back_to(&back, license_id, "linked"));
    Ok(())
}

/// Unlinks a group from a license.
#[server(prefix = "/rpc", endpoint = "unlink_group_license")]
pub async fn unlink_group_license(
    group_id: Uuid,
    license_id: Uuid,
    back: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsAssignLicenses)?;
    service::org_admin::unlink_license(&s.state.db, &s.principal, group_id, license_id).await?;
    leptos_axum::redirect(&super::convert::back_to(&back, license_id, "unlinked"));
    Ok(())
}

/// Assigns a license directly to a user of the organization; an empty `user_id` removes the
/// assignment. `user_id` is the user's id or, as the license page's form sends it, their
/// email (the page never lists the organization's people). The form returns to the license.
#[server(prefix = "/rpc", endpoint = "assign_org_license")]
pub async fn assign_org_license(license_id: Uuid, user_id: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsAssignLicenses)?;
    let user_id = if user_id.contains('@') {
        let found = service::org_admin::lookup::user_by_email(
            &s.state.db,
            &s.principal,
            "user_id",
            &user_id,
        )
        .await?;
        Some(found.id)
    } else {
        super::convert::parse_id(&user_id, "user_id")?
    };
    service::org_admin::assign_license(&s.state.db, &s.principal, license_id, user_id).await?;
    let saved = if user_id.is_some() {
        "assigned"
    } else {
        "unassigned"
    };
    leptos_axum::redirect(&format!("/licenses/{license_id}?saved={saved}"));
    Ok(())
}
