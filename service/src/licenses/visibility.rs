//! Which licenses a scope may see, as one SQL condition (DESIGN.md section 1).

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

use crate::{
    Db, Result,
    entities::{group_membership, license, license_group},
    principal::Scope,
};

/// Vendor: the whole account. Customer with `licenses.view_all` and an organization: the
/// organization's licenses. Anyone else: licenses assigned to them directly plus those linked
/// to one of their groups. Always within the account.
pub(crate) fn visible(scope: &Scope) -> Condition {
    let in_account = Condition::all().add(license::Column::AccountId.eq(scope.account_id()));
    let Some(c) = scope.customer() else {
        return in_account;
    };
    match (c.view_all, c.organization_id) {
        (true, Some(org)) => in_account.add(license::Column::OrganizationId.eq(org)),
        _ => {
            let my_groups = Query::select()
                .column(group_membership::Column::GroupId)
                .from(group_membership::Entity)
                .and_where(group_membership::Column::UserId.eq(c.user_id))
                .take();
            let via_groups = Query::select()
                .column(license_group::Column::LicenseId)
                .from(license_group::Entity)
                .and_where(license_group::Column::GroupId.in_subquery(my_groups))
                .take();
            let mut mine = Condition::any().add(license::Column::OwnerUserId.eq(c.user_id));
            // Groups belong to one organization; a license linked to a group must also be the
            // organization's, so a stray link can never leak another customer's license.
            if let Some(org) = c.organization_id {
                mine = mine.add(
                    Condition::all()
                        .add(license::Column::OrganizationId.eq(org))
                        .add(license::Column::Id.in_subquery(via_groups)),
                );
            }
            in_account.add(mine)
        }
    }
}

/// Links read per round while looking for a member's next licenses through their groups.
const LINK_CHUNK: u64 = 200;

/// One page of the licenses a customer without `licenses.view_all` sees (the same set as
/// [`visible`]), newest first, matching `filters`; at most `limit` rows.
///
/// Not one query with [`visible`]'s `OR`: for a member with 13 licenses in an organization of
/// 100,000, SQLite walks the whole account in id order to find them (150 ms). Instead each
/// source is read by its own index, newest first: the licenses assigned to them
/// (`licenses(owner_user_id, id)`), and those linked to their groups (`license_groups`, a chunk
/// of links at a time, each chunk's licenses by primary key), merged here. The cost follows
/// what is assigned to the member, never the organization's size.
pub(crate) async fn member_page(
    db: &Db,
    scope: &Scope,
    filters: Condition,
    limit: u64,
) -> Result<Vec<license::Model>> {
    let Some(c) = scope.customer() else {
        return Ok(vec![]);
    };
    let mut found = license::Entity::find()
        .filter(license::Column::AccountId.eq(scope.account_id()))
        .filter(license::Column::OwnerUserId.eq(c.user_id))
        .filter(filters.clone())
        .order_by_desc(license::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    if let Some(org) = c.organization_id {
        let groups: Vec<Uuid> = group_membership::Entity::find()
            .select_only()
            .column(group_membership::Column::GroupId)
            .filter(group_membership::Column::UserId.eq(c.user_id))
            .into_tuple()
            .all(db)
            .await?;
        let mut linked: Vec<license::Model> = Vec::new();
        let mut before: Option<Uuid> = None;
        while !groups.is_empty() && (linked.len() as u64) < limit {
            let mut links = license_group::Entity::find()
                .select_only()
                .column(license_group::Column::LicenseId)
                .filter(license_group::Column::GroupId.is_in(groups.iter().copied()))
                .distinct()
                .order_by_desc(license_group::Column::LicenseId)
                .limit(LINK_CHUNK);
            if let Some(before) = before {
                links = links.filter(license_group::Column::LicenseId.lt(before));
            }
            let ids: Vec<Uuid> = links.into_tuple().all(db).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            let more = ids.len() as u64 == LINK_CHUNK;
            linked.extend(
                license::Entity::find()
                    .filter(license::Column::AccountId.eq(scope.account_id()))
                    .filter(license::Column::OrganizationId.eq(org))
                    .filter(license::Column::Id.is_in(ids))
                    .filter(filters.clone())
                    .order_by_desc(license::Column::Id)
                    .all(db)
                    .await?,
            );
            if !more {
                break;
            }
            before = Some(last);
        }
        found.extend(linked);
        found.sort_by_key(|l| std::cmp::Reverse(l.id));
        found.dedup_by_key(|l| l.id);
    }
    found.truncate(limit as usize);
    Ok(found)
}
