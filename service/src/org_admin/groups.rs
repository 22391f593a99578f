//! Groups of the organization and their members.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
    sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{Admin, admin, name, rules::user_in_org};
use crate::{
    Db, Result, ServiceError, accounts,
    entities::{group_membership, license, license_group, user_group},
    error::ResultExt,
    permissions::Permission,
    principal::Principal,
};

/// A group with its members and linked licenses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView {
    /// Group id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Member user ids.
    pub member_ids: Vec<Uuid>,
    /// Linked license ids.
    pub license_ids: Vec<Uuid>,
}

/// The organization's groups, by name. Readable with `groups.manage` or
/// `groups.assign_licenses`.
pub async fn list_groups(db: &Db, p: &Principal) -> Result<Vec<GroupView>> {
    let a = admin(p, Permission::GroupsManage)
        .or_else(|_| admin(p, Permission::GroupsAssignLicenses))?;
    let groups = user_group::Entity::find()
        .filter(user_group::Column::AccountId.eq(a.account_id))
        .filter(user_group::Column::OrganizationId.eq(a.organization_id))
        .order_by_asc(user_group::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let mut members: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for m in group_membership::Entity::find()
        .filter(group_membership::Column::GroupId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        members.entry(m.group_id).or_default().push(m.user_id);
    }
    let mut licenses: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for l in license_group::Entity::find()
        .filter(license_group::Column::GroupId.is_in(ids))
        .all(db)
        .await?
    {
        licenses.entry(l.group_id).or_default().push(l.license_id);
    }
    Ok(groups
        .into_iter()
        .map(|g| GroupView {
            member_ids: members.remove(&g.id).unwrap_or_default(),
            license_ids: licenses.remove(&g.id).unwrap_or_default(),
            id: g.id,
            name: g.name,
            description: g.description,
        })
        .collect())
}

/// Creates a group (name unique in the organization, 1-200 characters).
pub async fn create_group(db: &Db, p: &Principal, name_: &str, description: &str) -> Result<Uuid> {
    let a = admin(p, Permission::GroupsManage)?;
    let (n, d) = check(name_, description)?;
    let tx = db.begin().await?;
    let id = accounts::create_group(&tx, a.account_id, a.organization_id, &n, &d).await?;
    a.audit(
        &tx,
        "group.create",
        "group",
        id,
        json!(null),
        json!({"name": n, "description": d}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a group and changes its description.
pub async fn update_group(
    db: &Db,
    p: &Principal,
    group_id: Uuid,
    name_: &str,
    description: &str,
) -> Result<()> {
    let a = admin(p, Permission::GroupsManage)?;
    let (n, d) = check(name_, description)?;
    let tx = db.begin().await?;
    let g = group_in_org(&tx, &a, group_id).await?;
    user_group::Entity::update_many()
        .col_expr(user_group::Column::Name, Expr::value(n.clone()))
        .col_expr(user_group::Column::Description, Expr::value(d.clone()))
        .filter(user_group::Column::Id.eq(g.id))
        .exec(&tx)
        .await
        .on_unique("name", "A group with this name already exists.")?;
    a.audit(
        &tx,
        "group.update",
        "group",
        g.id,
        json!({"name": g.name, "description": g.description}),
        json!({"name": n, "description": d}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a group (its memberships and license links go with it).
pub async fn delete_group(db: &Db, p: &Principal, group_id: Uuid) -> Result<()> {
    let a = admin(p, Permission::GroupsManage)?;
    let tx = db.begin().await?;
    let g = group_in_org(&tx, &a, group_id).await?;
    user_group::Entity::delete_by_id(g.id).exec(&tx).await?;
    a.audit(
        &tx,
        "group.delete",
        "group",
        g.id,
        json!({"name": g.name}),
        json!(null),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a user of the organization to one of its groups.
pub async fn add_member(db: &Db, p: &Principal, group_id: Uuid, user_id: Uuid) -> Result<()> {
    let a = admin(p, Permission::GroupsManage)?;
    let tx = db.begin().await?;
    let g = group_in_org(&tx, &a, group_id).await?;
    let u = user_in_org(&tx, &a, user_id).await?;
    accounts::add_to_group(&tx, a.account_id, g.id, u.id).await?;
    a.audit(
        &tx,
        "group.member_add",
        "group",
        g.id,
        json!(null),
        json!({"group": g.name, "user_id": u.id, "email": u.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a user from a group.
pub async fn remove_member(db: &Db, p: &Principal, group_id: Uuid, user_id: Uuid) -> Result<()> {
    let a = admin(p, Permission::GroupsManage)?;
    let tx = db.begin().await?;
    let g = group_in_org(&tx, &a, group_id).await?;
    let u = user_in_org(&tx, &a, user_id).await?;
    let gone = group_membership::Entity::delete_many()
        .filter(group_membership::Column::GroupId.eq(g.id))
        .filter(group_membership::Column::UserId.eq(u.id))
        .exec(&tx)
        .await?
        .rows_affected;
    if gone == 0 {
        return Err(ServiceError::conflict(
            "user_id",
            "The user is not in this group.",
        ));
    }
    a.audit(
        &tx,
        "group.member_remove",
        "group",
        g.id,
        json!({"group": g.name, "user_id": u.id, "email": u.email}),
        json!(null),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a user between groups in one transaction (a drag and drop): leaves `from` (when
/// given) and joins `to` (when given); one audit event per membership change.
pub async fn move_member(
    db: &Db,
    p: &Principal,
    user_id: Uuid,
    from: Option<Uuid>,
    to: Option<Uuid>,
) -> Result<()> {
    let a = admin(p, Permission::GroupsManage)?;
    if from.is_none() && to.is_none() || from == to {
        return Err(ServiceError::invalid(
            "to_group",
            "Drop the person on another group.",
        ));
    }
    let tx = db.begin().await?;
    let u = user_in_org(&tx, &a, user_id).await?;
    if let Some(from) = from {
        let g = group_in_org(&tx, &a, from).await?;
        let gone = group_membership::Entity::delete_many()
            .filter(group_membership::Column::GroupId.eq(g.id))
            .filter(group_membership::Column::UserId.eq(u.id))
            .exec(&tx)
            .await?
            .rows_affected;
        if gone == 0 {
            return Err(ServiceError::conflict(
                "user_id",
                "The user is not in this group.",
            ));
        }
        a.audit(
            &tx,
            "group.member_remove",
            "group",
            g.id,
            json!({"group": g.name, "user_id": u.id, "email": u.email}),
            json!(null),
        )
        .await?;
    }
    if let Some(to) = to {
        let g = group_in_org(&tx, &a, to).await?;
        accounts::add_to_group(&tx, a.account_id, g.id, u.id).await?;
        a.audit(
            &tx,
            "group.member_add",
            "group",
            g.id,
            json!(null),
            json!({"group": g.name, "user_id": u.id, "email": u.email}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The group, if it is the admin's organization's; `NotFound` otherwise.
pub(crate) async fn group_in_org<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
    group_id: Uuid,
) -> Result<user_group::Model> {
    user_group::Entity::find_by_id(group_id)
        .filter(user_group::Column::AccountId.eq(a.account_id))
        .filter(user_group::Column::OrganizationId.eq(a.organization_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The license, if it is the admin's organization's; `NotFound` otherwise.
pub(crate) async fn license_in_org<C: ConnectionTrait>(
    conn: &C,
    a: &Admin<'_>,
    license_id: Uuid,
) -> Result<license::Model> {
    license::Entity::find_by_id(license_id)
        .filter(license::Column::AccountId.eq(a.account_id))
        .filter(license::Column::OrganizationId.eq(a.organization_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

fn check(name_: &str, description: &str) -> Result<(String, String)> {
    let mut errors = Vec::new();
    let n = name("name", name_, 200, &mut errors);
    let d = description.trim().to_owned();
    if let Some(m) = crate::domain::hidden_text(&d, crate::domain::Joiners::Allowed, true) {
        errors.push(crate::FieldError::new("description", m));
    } else if d.chars().count() > 1000 {
        errors.push(crate::FieldError::new(
            "description",
            "The description may have at most 1000 characters.",
        ));
    }
    if errors.is_empty() {
        Ok((n, d))
    } else {
        Err(ServiceError::Invalid(errors))
    }
}
