//! Organizations, their contacts and their user groups.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    Result, ServiceError,
    entities::{group_membership, organization, user, user_group},
    error::ResultExt,
};

/// Creates an organization of customers; `allowed_users` caps the users its admins may add.
pub async fn create_organization<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    name: &str,
    allowed_users: Option<i64>,
) -> Result<Uuid> {
    let name = name.trim();
    if let Some(m) = crate::domain::hidden_text(name, crate::domain::Joiners::Allowed, false) {
        return Err(ServiceError::invalid("name", &m));
    }
    if crate::domain::is_blank(name) || name.chars().count() > 200 {
        return Err(ServiceError::invalid(
            "name",
            "The name must have 1 to 200 characters.",
        ));
    }
    if allowed_users.is_some_and(|n| n < 1) {
        return Err(ServiceError::invalid(
            "allowed_users",
            "Allow at least one user.",
        ));
    }
    let id = Uuid::now_v7();
    organization::Entity::insert(organization::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        name: Set(name.to_owned()),
        allowed_users: Set(allowed_users),
        primary_contact_id: Set(None),
        secondary_contact_id: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Sets the primary and secondary contacts; both must be owners of the organization.
pub async fn set_contacts<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    organization_id: Uuid,
    primary: Uuid,
    secondary: Option<Uuid>,
) -> Result<()> {
    for (field, id) in [
        ("primary_contact_id", Some(primary)),
        ("secondary_contact_id", secondary),
    ] {
        let Some(id) = id else { continue };
        let is_owner = user::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_some_and(|u| {
                u.account_id == account_id
                    && u.organization_id == Some(organization_id)
                    && u.customer_role.as_deref() == Some("owner")
                    && u.status == user::STATUS_ACTIVE
            });
        if !is_owner {
            return Err(ServiceError::invalid(
                field,
                "A contact must be an active Owner of the organization.",
            ));
        }
    }
    let res = organization::Entity::update_many()
        .col_expr(
            organization::Column::PrimaryContactId,
            Expr::value(Some(primary)),
        )
        .col_expr(
            organization::Column::SecondaryContactId,
            Expr::value(secondary),
        )
        .filter(organization::Column::Id.eq(organization_id))
        .filter(organization::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Creates a user group in an organization of the account.
pub async fn create_group<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    organization_id: Uuid,
    name: &str,
    description: &str,
) -> Result<Uuid> {
    let name = name.trim();
    if let Some(m) = crate::domain::hidden_text(name, crate::domain::Joiners::Allowed, false) {
        return Err(ServiceError::invalid("name", &m));
    }
    if crate::domain::is_blank(name) || name.chars().count() > 200 {
        return Err(ServiceError::invalid(
            "name",
            "The name must have 1 to 200 characters.",
        ));
    }
    let org = organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?;
    if org.is_none_or(|o| o.account_id != account_id) {
        return Err(ServiceError::NotFound);
    }
    let id = Uuid::now_v7();
    user_group::Entity::insert(user_group::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        organization_id: Set(organization_id),
        name: Set(name.to_owned()),
        description: Set(description.trim().to_owned()),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await
    .on_unique("name", "A group with this name already exists.")?;
    Ok(id)
}

/// Adds a user to a group; both must be in the same organization of the account.
pub async fn add_to_group<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    group_id: Uuid,
    user_id: Uuid,
) -> Result<()> {
    let group = user_group::Entity::find_by_id(group_id)
        .one(db)
        .await?
        .filter(|g| g.account_id == account_id);
    let member = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|u| u.account_id == account_id);
    let (Some(group), Some(member)) = (group, member) else {
        return Err(ServiceError::NotFound);
    };
    if member.organization_id != Some(group.organization_id) {
        return Err(ServiceError::invalid(
            "user_id",
            "The user is not in this group's organization.",
        ));
    }
    group_membership::Entity::insert(group_membership::ActiveModel {
        group_id: Set(group_id),
        user_id: Set(user_id),
    })
    .exec_without_returning(db)
    .await
    .on_unique("user_id", "The user is already in this group.")?;
    Ok(())
}
