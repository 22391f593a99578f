//! The vendor's customer organizations as staff manage them (`/vendor/organizations`): list,
//! create, rename and change `allowed_users`, set the contacts and invite customer users.
//! Vendor admins change them, vendor support reads. Contacts and invitations go through the
//! same rules, outbox and token flow as an organization's own admin (`org_admin`).

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::json;
use tracing::{info, instrument};
use uuid::Uuid;

use crate::{
    Db, FieldError, Passwords, Principal, Result, ServiceError, accounts,
    audit::{self, AuditEntry, Outcome},
    entities::{organization, user},
    org_admin::{self, Invitation},
    permissions::CustomerRole,
};

/// An Owner of an organization (who may be a contact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRef {
    /// User id.
    pub id: Uuid,
    /// "First Last (email)".
    pub label: String,
}

/// An organization as the vendor console lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    /// Organization id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Cap on users (None = unlimited).
    pub allowed_users: Option<i64>,
    /// Users counting against the cap (every one not disabled).
    pub users: i64,
    /// Primary contact.
    pub primary_contact_id: Option<Uuid>,
    /// Secondary contact.
    pub secondary_contact_id: Option<Uuid>,
    /// Its active Owners: the people who may be contacts.
    pub owners: Vec<OwnerRef>,
}

fn staff(p: &Principal) -> Result<()> {
    match p {
        Principal::Staff(_) => Ok(()),
        Principal::Customer(_) => Err(ServiceError::Forbidden),
    }
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<organization::Model> {
    organization::Entity::find_by_id(id)
        .filter(organization::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn users_used<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<i64> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(id))
        .filter(user::Column::Status.ne(user::STATUS_DISABLED))
        .count(conn)
        .await? as i64)
}

/// Every organization of the principal's account, by name, with its owners (staff only).
pub async fn list(db: &Db, p: &Principal) -> Result<Vec<OrgRow>> {
    staff(p)?;
    let orgs = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(p.account_id()))
        .order_by_asc(organization::Column::Name)
        .order_by_asc(organization::Column::Id)
        .all(db)
        .await?;
    let owners = user::Entity::find()
        .filter(user::Column::AccountId.eq(p.account_id()))
        .filter(user::Column::CustomerRole.eq(CustomerRole::Owner.as_str()))
        .filter(user::Column::Status.eq(user::STATUS_ACTIVE))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    // Users against the cap, every organization in one grouped query.
    let used: HashMap<Option<Uuid>, i64> = user::Entity::find()
        .select_only()
        .column(user::Column::OrganizationId)
        .column_as(user::Column::Id.count(), "used")
        .filter(user::Column::AccountId.eq(p.account_id()))
        .filter(user::Column::Status.ne(user::STATUS_DISABLED))
        .group_by(user::Column::OrganizationId)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(orgs.len());
    for o in orgs {
        out.push(OrgRow {
            users: used.get(&Some(o.id)).copied().unwrap_or(0),
            owners: owners
                .iter()
                .filter(|u| u.organization_id == Some(o.id))
                .map(|u| OwnerRef {
                    id: u.id,
                    label: format!("{} {} ({})", u.first_name, u.last_name, u.email),
                })
                .collect(),
            id: o.id,
            name: o.name,
            allowed_users: o.allowed_users,
            primary_contact_id: o.primary_contact_id,
            secondary_contact_id: o.secondary_contact_id,
        });
    }
    Ok(out)
}

async fn record<C: ConnectionTrait>(
    conn: &C,
    p: &Principal,
    action: &str,
    id: Uuid,
    before: serde_json::Value,
    after: serde_json::Value,
    ip: Option<&str>,
) -> Result<()> {
    audit::record(
        conn,
        AuditEntry {
            account_id: p.account_id(),
            actor_user_id: Some(p.user_id()),
            actor_email: p.email(),
            organization_id: Some(id),
            action,
            target_type: "organization",
            target_id: id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({"before": before, "after": after}),
        },
    )
    .await
}

/// Creates an organization (vendor admins). `allowed_users`: None is unlimited.
#[instrument(skip_all, fields(account.id = %p.account_id()))]
pub async fn create(
    db: &Db,
    p: &Principal,
    name: &str,
    allowed_users: Option<i64>,
    ip: Option<&str>,
) -> Result<Uuid> {
    p.require_vendor_admin()?;
    let tx = db.begin().await?;
    let id = accounts::create_organization(&tx, p.account_id(), name, allowed_users).await?;
    let after = json!({"name": name.trim(), "allowed_users": allowed_users});
    record(&tx, p, "organization.create", id, json!(null), after, ip).await?;
    tx.commit().await?;
    info!(organization.id = %id, "Organization created.");
    Ok(id)
}

/// Renames an organization and sets its cap (vendor admins). A cap below the users it has
/// now is refused with the number in use.
#[instrument(skip_all, fields(account.id = %p.account_id(), organization.id = %id))]
pub async fn update(
    db: &Db,
    p: &Principal,
    id: Uuid,
    name: &str,
    allowed_users: Option<i64>,
    ip: Option<&str>,
) -> Result<()> {
    p.require_vendor_admin()?;
    let tx = db.begin().await?;
    let old = find(&tx, p.account_id(), id).await?;
    let mut errors = Vec::new();
    let trimmed = name.trim();
    if let Some(m) = crate::domain::hidden_text(trimmed, crate::domain::Joiners::Allowed, false) {
        errors.push(FieldError::new("name", m));
    } else if crate::domain::is_blank(trimmed) || trimmed.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "The name must have 1 to 200 characters.",
        ));
    }
    let used = users_used(&tx, id).await?;
    match allowed_users {
        Some(n) if n < 1 => {
            errors.push(FieldError::new("allowed_users", "Allow at least one user."))
        }
        Some(n) if n < used => errors.push(FieldError::new(
            "allowed_users",
            format!(
                "This organization has {used} users; allow at least {used}, or disable users first."
            ),
        )),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    if old.name == trimmed && old.allowed_users == allowed_users {
        return Ok(());
    }
    organization::Entity::update(organization::ActiveModel {
        id: Set(id),
        name: Set(trimmed.to_owned()),
        allowed_users: Set(allowed_users),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    let before = json!({"name": old.name, "allowed_users": old.allowed_users});
    let after = json!({"name": trimmed, "allowed_users": allowed_users});
    record(&tx, p, "organization.update", id, before, after, ip).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the contacts of an organization (vendor admins); both must be active Owners of it,
/// as when the organization's own admin sets them.
pub async fn set_contacts(
    db: &Db,
    p: &Principal,
    id: Uuid,
    primary: Uuid,
    secondary: Option<Uuid>,
) -> Result<()> {
    p.require_vendor_admin()?;
    find(db, p.account_id(), id).await?;
    org_admin::set_contacts_as(db, org_admin::vendor_admin(p, id)?, primary, secondary).await
}

/// Invites a customer user to an organization with a role (vendor admins): the same
/// invitation email (through the outbox), token and seven-day link as an organization admin's.
pub async fn invite(
    db: &Db,
    pw: &Passwords,
    p: &Principal,
    id: Uuid,
    inv: Invitation,
    public_url: &str,
) -> Result<Uuid> {
    p.require_vendor_admin()?;
    find(db, p.account_id(), id).await?;
    org_admin::invite_as(db, pw, org_admin::vendor_admin(p, id)?, inv, public_url).await
}
