//! Which licenses the organization's groups and users get: group links and direct assignment.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    Admin, admin,
    groups::{group_in_org, license_in_org},
    rules::user_in_org,
};
use crate::{
    Db, Result, ServiceError,
    entities::{license, license_group, product},
    error::ResultExt,
    licenses,
    permissions::Permission,
    principal::Principal,
};

/// A license of the organization, for the link forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgLicense {
    /// License id.
    pub id: Uuid,
    /// Product name.
    pub product_name: String,
    /// The last characters of the key (enough to tell licenses apart).
    pub key_tail: String,
    /// Directly assigned user.
    pub owner_user_id: Option<Uuid>,
}

/// Most licenses one search for a link offers.
pub const LICENSE_MATCHES: u64 = 20;

/// Up to 20 licenses of the organization whose key starts with `key_prefix` (letters, digits
/// and '-', any case; empty: any), of `product` when given, by key
/// (`groups.assign_licenses`). Another account's or organization's product finds nothing.
///
/// Keys are stored upper-case: the prefix is a range on `licenses(organization_id, key)`, or
/// on `licenses(organization_id, product_id, key)` with a product, walked in key order and
/// stopped at the limit.
pub async fn search_licenses(
    db: &Db,
    p: &Principal,
    key_prefix: &str,
    product: Option<Uuid>,
) -> Result<Vec<OrgLicense>> {
    let a = admin(p, Permission::GroupsAssignLicenses)?;
    let prefix = licenses::key_prefix(Some(key_prefix))?;
    let mut query = license::Entity::find()
        .filter(license::Column::OrganizationId.eq(a.organization_id))
        .filter(license::Column::AccountId.eq(a.account_id));
    if let Some(product) = product {
        query = query.filter(license::Column::ProductId.eq(product));
    }
    if let Some(prefix) = prefix {
        query = query.filter(licenses::key_range(&prefix));
    }
    let rows = query
        .order_by_asc(license::Column::Key)
        .limit(LICENSE_MATCHES)
        .all(db)
        .await?;
    labelled(db, &a, rows).await
}

/// The licenses of `ids` that are the organization's, labelled (in no particular order).
pub(crate) async fn org_licenses(db: &Db, a: &Admin<'_>, ids: &[Uuid]) -> Result<Vec<OrgLicense>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = license::Entity::find()
        .filter(license::Column::Id.is_in(ids.to_vec()))
        .filter(license::Column::OrganizationId.eq(a.organization_id))
        .filter(license::Column::AccountId.eq(a.account_id))
        .all(db)
        .await?;
    labelled(db, a, rows).await
}

/// `rows` with their products' names, in the same order.
async fn labelled(db: &Db, a: &Admin<'_>, rows: Vec<license::Model>) -> Result<Vec<OrgLicense>> {
    let products: HashMap<Uuid, String> = if rows.is_empty() {
        HashMap::new()
    } else {
        product::Entity::find()
            .filter(product::Column::Id.is_in(rows.iter().map(|l| l.product_id)))
            .filter(product::Column::AccountId.eq(a.account_id))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|l| OrgLicense {
            id: l.id,
            product_name: products.get(&l.product_id).cloned().unwrap_or_default(),
            key_tail: l
                .key
                .chars()
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            owner_user_id: l.owner_user_id,
        })
        .collect())
}

/// Links a group to a license of the organization: its members see the license.
pub async fn link_license(db: &Db, p: &Principal, group_id: Uuid, license_id: Uuid) -> Result<()> {
    let a = admin(p, Permission::GroupsAssignLicenses)?;
    let tx = db.begin().await?;
    let g = group_in_org(&tx, &a, group_id).await?;
    let l = license_in_org(&tx, &a, license_id).await?;
    license_group::Entity::insert(license_group::ActiveModel {
        license_id: Set(l.id),
        group_id: Set(g.id),
    })
    .exec_without_returning(&tx)
    .await
    .on_unique("group_id", "This group is already linked to the license.")?;
    a.audit(
        &tx,
        "license.group_link",
        "license",
        l.id,
        json!(null),
        json!({"group_id": g.id, "group": g.name}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Unlinks a group from a license.
pub async fn unlink_license(
    db: &Db,
    p: &Principal,
    group_id: Uuid,
    license_id: Uuid,
) -> Result<()> {
    let a = admin(p, Permission::GroupsAssignLicenses)?;
    let tx = db.begin().await?;
    let g = group_in_org(&tx, &a, group_id).await?;
    let l = license_in_org(&tx, &a, license_id).await?;
    let gone = license_group::Entity::delete_many()
        .filter(license_group::Column::LicenseId.eq(l.id))
        .filter(license_group::Column::GroupId.eq(g.id))
        .exec(&tx)
        .await?
        .rows_affected;
    if gone == 0 {
        return Err(ServiceError::conflict(
            "group_id",
            "This group is not linked to the license.",
        ));
    }
    a.audit(
        &tx,
        "license.group_unlink",
        "license",
        l.id,
        json!({"group_id": g.id, "group": g.name}),
        json!(null),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Assigns a license of the organization directly to one of its users, or to nobody.
pub async fn assign_license(
    db: &Db,
    p: &Principal,
    license_id: Uuid,
    user_id: Option<Uuid>,
) -> Result<()> {
    let a = admin(p, Permission::GroupsAssignLicenses)?;
    let tx = db.begin().await?;
    let l = license_in_org(&tx, &a, license_id).await?;
    if let Some(u) = user_id {
        user_in_org(&tx, &a, u).await?;
    }
    license::Entity::update_many()
        .col_expr(license::Column::OwnerUserId, Expr::value(user_id))
        .filter(license::Column::Id.eq(l.id))
        .exec(&tx)
        .await?;
    a.audit(
        &tx,
        "license.assign",
        "license",
        l.id,
        json!({"owner_user_id": l.owner_user_id}),
        json!({"owner_user_id": user_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
