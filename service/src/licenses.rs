//! Licenses as customers and staff see them: keyset-paginated list, detail, product filter.

mod create;
pub(crate) mod rows;
mod status;
pub mod vendor;
mod visibility;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};
use tracing::instrument;
use uuid::Uuid;

pub use create::{NewLicense, create, set_status};
pub use status::LicenseStatus;
pub(crate) use visibility::{member_page, visible};

use crate::{
    Db, Result, ServiceError,
    entities::{activation, license, product},
    principal::Scope,
};

/// Largest page.
pub const MAX_PAGE: u64 = 100;
/// A member's licenses read at most to find their products.
const MEMBER_PRODUCTS_FROM: u64 = 1_000;
/// Machines shown per page of a license.
pub const MACHINES_PAGE: u64 = 25;
/// Longest accepted key prefix.
const MAX_PREFIX: usize = 40;

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicenseFilter {
    /// Only this effective status.
    pub status: Option<LicenseStatus>,
    /// Only this product.
    pub product_id: Option<Uuid>,
    /// Keys starting with this (letters, digits and '-', any case).
    pub key_prefix: Option<String>,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<Uuid>,
    /// Page size, capped at 100 (0 means the cap).
    pub limit: u64,
}

/// A license in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseRow {
    /// License id.
    pub id: Uuid,
    /// The full key (its owner may see it; never log it).
    pub key: String,
    /// Product id.
    pub product_id: Uuid,
    /// Product name.
    pub product_name: String,
    /// Effective status.
    pub status: LicenseStatus,
    /// End of the license.
    pub expires_at: Option<DateTime<Utc>>,
    /// End of maintenance.
    pub maintenance_expires_at: Option<DateTime<Utc>>,
    /// Current activations.
    pub activations: i64,
    /// Seat limit (None = unlimited).
    pub allowed_activations: Option<i64>,
    /// Organization name, or the owning user's full name.
    pub owner: String,
    /// Names of the linked groups, sorted.
    pub groups: Vec<String>,
}

/// One page of licenses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicensePage {
    /// The rows, newest first.
    pub rows: Vec<LicenseRow>,
    /// Cursor for the next page, None on the last one.
    pub next: Option<Uuid>,
}

/// A current machine of a license.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// Activation id.
    pub id: Uuid,
    /// Host name.
    pub hostname: String,
    /// Operating system.
    pub os: String,
    /// First 12 hex of the fingerprint.
    pub fingerprint_prefix: String,
    /// Application version.
    pub app_version: Option<String>,
    /// `online` or `offline`.
    pub mode: String,
    /// When it was activated.
    pub activated_at: DateTime<Utc>,
    /// Last check-in.
    pub last_seen_at: DateTime<Utc>,
}

/// A group, by id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    /// Group id.
    pub id: Uuid,
    /// Group name.
    pub name: String,
}

/// Everything about one license.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseDetail {
    /// The list fields.
    pub row: LicenseRow,
    /// Deactivations used.
    pub deactivations_used: i64,
    /// Deactivation limit (None = unlimited).
    pub allowed_deactivations: Option<i64>,
    /// Offline activation allowed.
    pub offline_allowed: bool,
    /// Offline lease, in days.
    pub offline_lease_days: Option<i64>,
    /// Metadata pairs, sorted by key.
    pub metadata: Vec<(String, String)>,
    /// Linked groups, sorted by name.
    pub linked_groups: Vec<GroupRef>,
    /// Current (not deactivated) machines, newest first: one page of [`MACHINES_PAGE`].
    pub machines: Vec<Machine>,
    /// Cursor of the next page of machines, None on the last one.
    pub machines_next: Option<Uuid>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// The user the license is assigned to directly, if any.
    pub owner_user_id: Option<Uuid>,
}

/// A product, by id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRef {
    /// Product id.
    pub id: Uuid,
    /// Product name.
    pub name: String,
}

/// One page of the licenses visible to the scope, newest first (keyset on id).
#[instrument(skip_all, fields(account.id = %scope.account_id()))]
pub async fn list(db: &Db, scope: &Scope, filter: LicenseFilter) -> Result<LicensePage> {
    let (found, next) = page_rows(db, scope, filter).await?;
    Ok(LicensePage {
        rows: rows::hydrate(db, found, Utc::now()).await?,
        next,
    })
}

/// The rows of [`list`], not yet hydrated, and the cursor of the next page.
pub(crate) async fn page_rows(
    db: &Db,
    scope: &Scope,
    filter: LicenseFilter,
) -> Result<(Vec<license::Model>, Option<Uuid>)> {
    let limit = if filter.limit == 0 {
        MAX_PAGE
    } else {
        filter.limit.min(MAX_PAGE)
    };
    let now = Utc::now();
    let mut filters = sea_orm::Condition::all();
    if let Some(status) = filter.status {
        filters = filters.add(status.condition(now));
    }
    if let Some(product_id) = filter.product_id {
        filters = filters.add(license::Column::ProductId.eq(product_id));
    }
    if let Some(prefix) = key_prefix(filter.key_prefix.as_deref())? {
        let key = key_condition(db, scope, &filters, prefix).await?;
        filters = filters.add(key);
    }
    if let Some(after) = filter.after {
        filters = filters.add(license::Column::Id.lt(after));
    }
    let mut found = if scope.sees_one_organization_or_more() {
        license::Entity::find()
            .filter(visible(scope))
            .filter(filters)
            .order_by_desc(license::Column::Id)
            .limit(limit + 1)
            .all(db)
            .await?
    } else {
        member_page(db, scope, filters, limit + 1).await?
    };
    let next = if found.len() as u64 > limit {
        found.truncate(limit as usize);
        found.last().map(|l| l.id)
    } else {
        None
    };
    Ok((found, next))
}

/// One license with its first page of machines, or `NotFound` when it does not exist or is
/// not visible to the scope.
pub async fn detail(db: &Db, scope: &Scope, id: Uuid) -> Result<LicenseDetail> {
    detail_page(db, scope, id, None).await
}

/// [`detail`] with the page of machines after the machine `machines_after` (newest first; a
/// cursor that is not one of this license's machines starts from the first page).
#[instrument(skip_all, fields(account.id = %scope.account_id(), license.id = %id))]
pub async fn detail_page(
    db: &Db,
    scope: &Scope,
    id: Uuid,
    machines_after: Option<Uuid>,
) -> Result<LicenseDetail> {
    let found = license::Entity::find_by_id(id)
        .filter(visible(scope))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let metadata = rows::metadata_pairs(&found.metadata);
    let (deactivations_used, allowed_deactivations) =
        (found.deactivations_used, found.allowed_deactivations);
    let (offline_allowed, offline_lease_days, created_at, owner_user_id) = (
        found.offline_allowed,
        found.offline_lease_days,
        found.created_at,
        found.owner_user_id,
    );
    // By the license alone: it was found above in this account and visible to `scope`, and an
    // activation's license fixes its account. Filtering by the account too made SQLite (no
    // statistics) walk the account's index of every activation in time order: 370 ms for a
    // license with 1,000 machines among 1,000,000 activations, 2.5 ms by the license's index.
    let mut page = activation::Entity::find()
        .filter(activation::Column::LicenseId.eq(id))
        .filter(activation::Column::DeactivatedAt.is_null());
    if let Some(after) = machines_after {
        let at: Option<DateTime<Utc>> = activation::Entity::find_by_id(after)
            .filter(activation::Column::LicenseId.eq(id))
            .select_only()
            .column(activation::Column::ActivatedAt)
            .into_tuple()
            .one(db)
            .await?;
        if let Some(at) = at {
            use activation::Column as A;
            page = page.filter(
                sea_orm::Condition::any().add(A::ActivatedAt.lt(at)).add(
                    sea_orm::Condition::all()
                        .add(A::ActivatedAt.eq(at))
                        .add(A::Id.lt(after)),
                ),
            );
        }
    }
    let mut on_page = page
        .order_by_desc(activation::Column::ActivatedAt)
        .order_by_desc(activation::Column::Id)
        .limit(MACHINES_PAGE + 1)
        .all(db)
        .await?;
    let machines_next = if on_page.len() as u64 > MACHINES_PAGE {
        on_page.truncate(MACHINES_PAGE as usize);
        on_page.last().map(|a| a.id)
    } else {
        None
    };
    let machines = on_page
        .into_iter()
        .map(|a| Machine {
            id: a.id,
            hostname: a.hostname,
            os: a.os,
            fingerprint_prefix: a.fingerprint.chars().take(12).collect(),
            app_version: a.app_version,
            mode: a.mode,
            activated_at: a.activated_at,
            last_seen_at: a.last_seen_at,
        })
        .collect();
    let (row, linked_groups) = rows::hydrate_with_groups(db, vec![found], Utc::now())
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)?;
    Ok(LicenseDetail {
        row,
        deactivations_used,
        allowed_deactivations,
        offline_allowed,
        offline_lease_days,
        metadata,
        linked_groups,
        machines,
        machines_next,
        created_at,
        owner_user_id,
    })
}

/// Products of the licenses visible to the scope (staff: every product), by name.
///
/// Asked per product of the account ("has the scope a license of this one?", one index probe
/// each: `licenses(organization_id, product_id)` for an organization), never by collecting
/// the products of every visible license, which read all 100,000 licenses of a large
/// organization on each list page.
pub async fn products(db: &Db, scope: &Scope) -> Result<Vec<ProductRef>> {
    let mut query =
        product::Entity::find().filter(product::Column::AccountId.eq(scope.account_id()));
    // A member's products are those of their own licenses, read by `member_page` (the
    // `EXISTS` below would walk the whole account through `visible()`'s `OR` for each product
    // they have no license of). Past the cap, the `EXISTS` answers.
    let mine = if scope.sees_one_organization_or_more() {
        None
    } else {
        let found = member_page(db, scope, sea_orm::Condition::all(), MEMBER_PRODUCTS_FROM).await?;
        (found.len() < MEMBER_PRODUCTS_FROM as usize).then(|| {
            found
                .into_iter()
                .map(|l| l.product_id)
                .collect::<Vec<Uuid>>()
        })
    };
    if let Some(ids) = mine {
        query = query.filter(product::Column::Id.is_in(ids));
    } else if !scope.is_vendor() {
        use sea_orm::sea_query::ExprTrait as _;
        let one_visible = Query::select()
            .expr(Expr::val(1))
            .from(license::Entity)
            .cond_where(visible(scope))
            .and_where(
                Expr::col((license::Entity, license::Column::ProductId))
                    .equals((product::Entity, product::Column::Id)),
            )
            .take();
        query = query.filter(Expr::exists(one_visible));
    }
    Ok(query
        .order_by_asc(product::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ProductRef {
            id: p.id,
            name: p.name,
        })
        .collect())
}

/// A key prefix that matches at most this many visible licenses is read by the key index and
/// its matches sorted; a broader one is found by walking the list's own order.
const NARROW_PREFIX: u64 = 1_000;

/// The condition "the key starts with `prefix`" (upper-cased, letters, digits and '-'), written
/// so that a page costs what the page holds, not what the organization holds.
///
/// A prefix is the range `[prefix, prefix + U+10FFFF)` (no LIKE, whose use of an index depends
/// on collation and case rules). For a narrow prefix the range is served by `licenses
/// (organization_id | account_id, [product_id,] key)` and at most [`NARROW_PREFIX`] matches are
/// sorted by id. A broad one ("KP-") would make that a sort of the whole organization, so its
/// key test is written `key || '' >= ?`, which no index serves: the list walks its id order and
/// stops at the page, and since more than one license in a hundred matches, that is a few
/// thousand rows at most. Deciding costs one count bounded by [`NARROW_PREFIX`]. (Measured at
/// 100,000 licenses: "KP-" 1.2 s by the key index, 3 ms by the walk; "KP-7Q2M" 184 ms by the
/// walk, 0.1 ms by the key index.) A member's licenses are few and take the range as it is.
async fn key_condition(
    db: &Db,
    scope: &Scope,
    filters: &sea_orm::Condition,
    prefix: String,
) -> Result<sea_orm::Condition> {
    use sea_orm::{ConnectionTrait, sea_query::ExprTrait};
    let range = key_range(&prefix);
    if !scope.sees_one_organization_or_more() {
        return Ok(range);
    }
    let matches = Query::select()
        .expr(Expr::val(1))
        .from(license::Entity)
        .cond_where(visible(scope))
        .cond_where(filters.clone())
        .cond_where(range.clone())
        .limit(NARROW_PREFIX + 1)
        .take();
    let count = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(matches, sea_orm::sea_query::Alias::new("matches"))
        .take();
    let found: i64 = db
        .query_one(&count)
        .await?
        .map(|row| row.try_get_by_index(0))
        .transpose()?
        .unwrap_or(0);
    if found as u64 <= NARROW_PREFIX {
        return Ok(range);
    }
    let key = || Expr::cust(r#""licenses"."key" || ''"#);
    Ok(sea_orm::Condition::all()
        .add(key().gte(prefix.as_str()))
        .add(key().lt(format!("{prefix}{}", char::MAX))))
}

/// Keys that start with `prefix`: the range `[prefix, prefix + U+10FFFF)`, which an index on
/// the key serves.
pub(crate) fn key_range(prefix: &str) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(license::Column::Key.gte(prefix))
        .add(license::Column::Key.lt(format!("{prefix}{}", char::MAX)))
}

/// Checks and normalizes a key prefix: None when empty, `Invalid{q}` unless it is only
/// letters, digits and '-'.
pub(crate) fn key_prefix(input: Option<&str>) -> Result<Option<String>> {
    let Some(prefix) = input.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    if prefix.len() > MAX_PREFIX
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(ServiceError::invalid(
            "q",
            "Search with letters, digits and dashes only.",
        ));
    }
    Ok(Some(prefix.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::key_prefix;

    #[test]
    fn key_prefixes_are_upper_cased_and_checked() {
        assert_eq!(key_prefix(Some(" kp-7q2 ")).unwrap(), Some("KP-7Q2".into()));
        assert_eq!(key_prefix(Some("")).unwrap(), None);
        assert_eq!(key_prefix(None).unwrap(), None);
        for bad in ["KP%", "KP_1", "a' OR 1=1", "KP 1"] {
            assert!(key_prefix(Some(bad)).is_err(), "{bad:?} was accepted");
        }
    }
}
