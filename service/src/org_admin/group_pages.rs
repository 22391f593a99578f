//! The groups pages, bounded by their page sizes: groups with counts and the first members
//! and licenses of each, one group's members and licenses page by page.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    Admin, admin,
    groups::group_in_org,
    licenses::{OrgLicense, org_licenses},
};
use crate::{
    Db, Result,
    entities::{group_membership, license_group, user, user_group},
    permissions::Permission,
    principal::Principal,
};

/// Groups on one page of `/org/groups`.
pub const GROUPS_PAGE: u64 = 10;
/// Members and licenses shown with each group of that page.
pub const PREVIEW: u64 = 5;
/// Members, or licenses, on one page of a group.
pub const GROUP_PAGE: u64 = 25;

/// A member of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// User id.
    pub id: Uuid,
    /// "First Last".
    pub name: String,
    /// Email.
    pub email: String,
}

/// A group with its counts and one page of its members and of its licenses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    /// Group id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// How many members.
    pub member_count: i64,
    /// How many linked licenses.
    pub license_count: i64,
    /// Members, in the order they were created (user ids are time-ordered).
    pub members: Vec<Member>,
    /// Cursor of the next page of members.
    pub members_next: Option<Uuid>,
    /// Linked licenses, newest first.
    pub licenses: Vec<OrgLicense>,
    /// Cursor of the next page of licenses.
    pub licenses_next: Option<Uuid>,
}

/// One page of groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupsOverview {
    /// Groups by name, each with its first members and licenses.
    pub groups: Vec<GroupSummary>,
    /// Cursor of the next page (the last group's id).
    pub next: Option<Uuid>,
}

fn reader(p: &Principal) -> Result<Admin<'_>> {
    admin(p, Permission::GroupsManage).or_else(|_| admin(p, Permission::GroupsAssignLicenses))
}

/// One page (10) of the organization's groups by name, after the group `after`, each with
/// its counts and first five members and licenses. Readable with `groups.manage` or
/// `groups.assign_licenses`. A cursor that is not a group of the organization finds nothing.
pub async fn groups_page(db: &Db, p: &Principal, after: Option<Uuid>) -> Result<GroupsOverview> {
    let a = reader(p)?;
    let mut query = user_group::Entity::find()
        .filter(user_group::Column::OrganizationId.eq(a.organization_id))
        .filter(user_group::Column::AccountId.eq(a.account_id));
    if let Some(after) = after {
        let Ok(g) = group_in_org(db, &a, after).await else {
            return Ok(GroupsOverview {
                groups: Vec::new(),
                next: None,
            });
        };
        query = query.filter(user_group::Column::Name.gt(g.name));
    }
    let mut groups = query
        .order_by_asc(user_group::Column::Name)
        .limit(GROUPS_PAGE + 1)
        .all(db)
        .await?;
    let next = if groups.len() as u64 > GROUPS_PAGE {
        groups.truncate(GROUPS_PAGE as usize);
        groups.last().map(|g| g.id)
    } else {
        None
    };
    let mut summaries = Vec::with_capacity(groups.len());
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let members = counts(db, &ids, true).await?;
    let licenses = counts(db, &ids, false).await?;
    for g in groups {
        let mut s = summary(db, &a, g, None, None, PREVIEW).await?;
        s.member_count = members.get(&s.id).copied().unwrap_or(0);
        s.license_count = licenses.get(&s.id).copied().unwrap_or(0);
        summaries.push(s);
    }
    Ok(GroupsOverview {
        groups: summaries,
        next,
    })
}

/// One group of the organization with a page (25) of its members after `members_after` and
/// of its licenses after `licenses_after`; `NotFound` for another organization's group.
pub async fn group_detail(
    db: &Db,
    p: &Principal,
    group_id: Uuid,
    members_after: Option<Uuid>,
    licenses_after: Option<Uuid>,
) -> Result<GroupSummary> {
    let a = reader(p)?;
    let g = group_in_org(db, &a, group_id).await?;
    let ids = [g.id];
    let member_count = counts(db, &ids, true).await?;
    let license_count = counts(db, &ids, false).await?;
    let mut s = summary(db, &a, g, members_after, licenses_after, GROUP_PAGE).await?;
    s.member_count = member_count.get(&s.id).copied().unwrap_or(0);
    s.license_count = license_count.get(&s.id).copied().unwrap_or(0);
    Ok(s)
}

/// The group with up to `limit` members and licenses after the cursors (counts left at 0).
///
/// Both pages walk a primary key or index that leads with the group: memberships by
/// `(group_id, user_id)`, links by `license_groups(group_id, license_id)`. The cursors are
/// ids compared within the group, so a foreign id only moves the start of this group's page.
async fn summary(
    db: &Db,
    a: &Admin<'_>,
    g: user_group::Model,
    members_after: Option<Uuid>,
    licenses_after: Option<Uuid>,
    limit: u64,
) -> Result<GroupSummary> {
    let mut query =
        group_membership::Entity::find().filter(group_membership::Column::GroupId.eq(g.id));
    if let Some(after) = members_after {
        query = query.filter(group_membership::Column::UserId.gt(after));
    }
    let mut member_ids: Vec<Uuid> = query
        .order_by_asc(group_membership::Column::UserId)
        .limit(limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let members_next = next_of(&mut member_ids, limit);
    let mut people: HashMap<Uuid, user::Model> = if member_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(member_ids.clone()))
            .filter(user::Column::OrganizationId.eq(a.organization_id))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    let members = member_ids
        .iter()
        .filter_map(|id| people.remove(id))
        .map(|u| Member {
            id: u.id,
            name: u.full_name(),
            email: u.email,
        })
        .collect();

    let mut query = license_group::Entity::find().filter(license_group::Column::GroupId.eq(g.id));
    if let Some(after) = licenses_after {
        query = query.filter(license_group::Column::LicenseId.lt(after));
    }
    let mut license_ids: Vec<Uuid> = query
        .order_by_desc(license_group::Column::LicenseId)
        .limit(limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.license_id)
        .collect();
    let licenses_next = next_of(&mut license_ids, limit);
    let mut found: HashMap<Uuid, OrgLicense> = org_licenses(db, a, &license_ids)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let licenses = license_ids
        .iter()
        .filter_map(|id| found.remove(id))
        .collect();
    Ok(GroupSummary {
        id: g.id,
        name: g.name,
        description: g.description,
        member_count: 0,
        license_count: 0,
        members,
        members_next,
        licenses,
        licenses_next,
    })
}

/// Cuts `ids` (fetched with one extra) to `limit`; the cursor of the next page if there is one.
fn next_of(ids: &mut Vec<Uuid>, limit: u64) -> Option<Uuid> {
    if ids.len() as u64 > limit {
        ids.truncate(limit as usize);
        ids.last().copied()
    } else {
        None
    }
}

/// Members (`members`) or linked licenses of each group, counted on the index that leads
/// with the group (no row is read).
async fn counts(db: &Db, groups: &[Uuid], members: bool) -> Result<HashMap<Uuid, i64>> {
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = if members {
        group_membership::Entity::find()
            .select_only()
            .column(group_membership::Column::GroupId)
            .column_as(group_membership::Column::UserId.count(), "n")
            .filter(group_membership::Column::GroupId.is_in(groups.to_vec()))
            .group_by(group_membership::Column::GroupId)
            .into_tuple()
            .all(db)
            .await?
    } else {
        license_group::Entity::find()
            .select_only()
            .column(license_group::Column::GroupId)
            .column_as(license_group::Column::LicenseId.count(), "n")
            .filter(license_group::Column::GroupId.is_in(groups.to_vec()))
            .group_by(license_group::Column::GroupId)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(rows.into_iter().collect())
}
