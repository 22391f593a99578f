//! Groups, memberships and license links (`groups.manage`, `groups.assign_licenses`).

#[cfg(feature = "ssr")]
use crate::dto::org::{Group, LicenseChoice, Person};
use crate::{AppError, dto::org::GroupsPage};
use leptos::prelude::*;
use uuid::Uuid;

/// One page (10, by name) of the organization's groups after the group `after`, each with
/// its counts and first members and licenses; the people matching `people` and the licenses
/// matching `license` (key prefix) and `product`, at most 20 each.
#[server(prefix = "/rpc", endpoint = "list_org_groups")]
pub async fn list_org_groups(
    after: Option<String>,
    people: Option<String>,
    license: Option<String>,
    product: Option<String>,
) -> Result<GroupsPage, AppError> {
    let s = super::context::signed_in()?;
    let after = super::convert::optional_id(after, "after", "The page link is not valid.")?;
    let (can_manage, can_assign) = may_read(&s)?;
    let overview = service::org_admin::groups_page(&s.state.db, &s.principal, after).await?;
    let groups = overview.groups.into_iter().map(group).collect();
    page(
        &s,
        groups,
        overview.next,
        people,
        license,
        product,
        (can_manage, can_assign),
    )
    .await
}

/// One group of the organization with a page (25) of its members after `members_after` and
/// of its licenses after `licenses_after`, and the same searches as [`list_org_groups`].
#[server(prefix = "/rpc", endpoint = "get_org_group")]
pub async fn get_org_group(
    group_id: Uuid,
    members_after: Option<String>,
    licenses_after: Option<String>,
    people: Option<String>,
    license: Option<String>,
    product: Option<String>,
) -> Result<GroupsPage, AppError> {
    use super::convert::optional_id;
    let s = super::context::signed_in()?;
    let members_after = optional_id(
        members_after,
        "members_after",
        "The page link is not valid.",
    )?;
    let licenses_after = optional_id(
        licenses_after,
        "licenses_after",
        "The page link is not valid.",
    )?;
    let may = may_read(&s)?;
    let g = service::org_admin::group_detail(
        &s.state.db,
        &s.principal,
        group_id,
        members_after,
        licenses_after,
    )
    .await?;
    page(&s, vec![group(g)], None, people, license, product, may).await
}

/// (may manage groups, may link licenses); `Forbidden` with neither.
#[cfg(feature = "ssr")]
fn may_read(s: &super::context::SignedIn) -> Result<(bool, bool), AppError> {
    use service::permissions::Permission;
    let can_manage = s.principal.can(Permission::GroupsManage);
    let can_assign = s.principal.can(Permission::GroupsAssignLicenses);
    if !can_manage && !can_assign {
        return Err(AppError::Forbidden);
    }
    Ok((can_manage, can_assign))
}

#[cfg(feature = "ssr")]
fn group(g: service::org_admin::GroupSummary) -> Group {
    Group {
        id: g.id,
        name: g.name,
        description: g.description,
        member_count: g.member_count,
        license_count: g.license_count,
        members: g
            .members
            .into_iter()
            .map(|m| Person {
                id: m.id,
                name: m.name,
                email: m.email,
            })
            .collect(),
        members_next: g.members_next,
        licenses: g.licenses.into_iter().map(license_choice).collect(),
        licenses_next: g.licenses_next,
    }
}

#[cfg(feature = "ssr")]
fn license_choice(l: service::org_admin::OrgLicense) -> LicenseChoice {
    LicenseChoice {
        id: l.id,
        label: format!("{} ·····{}", l.product_name, l.key_tail),
    }
}

/// The page around `groups`: the people and license searches the caller may use.
#[cfg(feature = "ssr")]
async fn page(
    s: &super::context::SignedIn,
    groups: Vec<Group>,
    next: Option<Uuid>,
    people: Option<String>,
    license: Option<String>,
    product: Option<String>,
    (can_manage, can_assign): (bool, bool),
) -> Result<GroupsPage, AppError> {
    let db = &s.state.db;
    let people = if can_manage {
        let q = people.unwrap_or_default();
        service::org_admin::search_people(db, &s.principal, &q)
            .await?
            .into_iter()
            .map(|(id, name, email)| Person { id, name, email })
            .collect()
    } else {
        Vec::new()
    };
    let (licenses, products) = if can_assign {
        let product = super::convert::optional_id(product, "product", "Choose from the list.")?;
        let q = license.unwrap_or_default();
        let found = service::org_admin::search_licenses(db, &s.principal, &q, product).await?;
        let scope = service::principal::Scope::of(&s.principal);
        let products = service::licenses::products(db, &scope)
            .await?
            .into_iter()
            .map(|p| crate::dto::Named {
                id: p.id,
                name: p.name,
            })
            .collect();
        (found.into_iter().map(license_choice).collect(), products)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(GroupsPage {
        groups,
        next,
        people,
        licenses,
        products,
        can_manage,
        can_assign,
    })
}

/// Creates a group.
#[server(prefix = "/rpc", endpoint = "create_org_group")]
pub async fn create_org_group(name: String, description: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    let id =
        service::org_admin::create_group(&s.state.db, &s.principal, &name, &description).await?;
    leptos_axum::redirect(&format!("/org/groups/{id}?saved=created"));
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
    leptos_axum::redirect(&format!("/org/groups/{group_id}?saved=updated"));
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

/// Where a link form returns: the license's page (`back=license`) or the group's.
#[cfg(feature = "ssr")]
fn back_to(back: &str, group_id: Uuid, license_id: Uuid, saved: &str) -> String {
    if back == "license" {
        super::convert::back_to(back, license_id, saved)
    } else {
        format!("/org/groups/{group_id}?saved={saved}")
    }
}

/// Adds a user to a group (the form; returns to the group's page).
#[server(prefix = "/rpc", endpoint = "add_group_member")]
pub async fn add_group_member(group_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::add_member(&s.state.db, &s.principal, group_id, user_id).await?;
    leptos_axum::redirect(&format!("/org/groups/{group_id}?saved=member_added"));
    Ok(())
}

/// Removes a user from a group (the form; returns to the group's page).
#[server(prefix = "/rpc", endpoint = "remove_group_member")]
pub async fn remove_group_member(group_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    s.require(service::permissions::Permission::GroupsManage)?;
    service::org_admin::remove_member(&s.state.db, &s.principal, group_id, user_id).await?;
    leptos_axum::redirect(&format!("/org/groups/{group_id}?saved=member_removed"));
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
    leptos_axum::redirect(&back_to(&back, group_id, license_id, "linked"));
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
    leptos_axum::redirect(&back_to(&back, group_id, license_id, "unlinked"));
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
