//! The organization's primary and secondary contacts.

use sea_orm::TransactionTrait;
use serde_json::json;
use uuid::Uuid;

use super::{
    Admin, admin,
    rules::{organization_of, user_in_org},
};
use crate::{Db, Result, ServiceError, accounts, permissions::Permission, principal::Principal};

/// Sets the primary and secondary contacts (active Owners of the organization).
pub async fn set_contacts(
    db: &Db,
    p: &Principal,
    primary: Uuid,
    secondary: Option<Uuid>,
) -> Result<()> {
    let a = admin(p, Permission::UsersManage)?;
    set_contacts_as(db, a, primary, secondary).await
}

/// [`set_contacts`] by an admin already checked (an organization admin or a vendor admin).
pub(crate) async fn set_contacts_as(
    db: &Db,
    a: Admin<'_>,
    primary: Uuid,
    secondary: Option<Uuid>,
) -> Result<()> {
    if secondary == Some(primary) {
        return Err(ServiceError::invalid(
            "secondary_contact_id",
            "Choose two different people.",
        ));
    }
    let tx = db.begin().await?;
    let org = organization_of(&tx, &a).await?;
    for (field, id) in [
        ("primary_contact_id", Some(primary)),
        ("secondary_contact_id", secondary),
    ] {
        if let Some(id) = id
            && user_in_org(&tx, &a, id).await.is_err()
        {
            return Err(ServiceError::invalid(
                field,
                "A contact must be an active Owner of the organization.",
            ));
        }
    }
    accounts::set_contacts(&tx, a.account_id, a.organization_id, primary, secondary).await?;
    a.audit(
        &tx,
        "organization.contacts",
        "organization",
        a.organization_id,
        json!({"primary": org.primary_contact_id, "secondary": org.secondary_contact_id}),
        json!({"primary": primary, "secondary": secondary}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
