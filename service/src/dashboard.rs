//! Dashboards: what a customer and a vendor see first. The figures of an account or an
//! organization come from counters kept in the same transaction as each change
//! ([`crate::tallies`]); a member's, over the few licenses assigned to them. The lists are
//! bounded by their page size.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use uuid::Uuid;

use crate::{
    Db, Result, ServiceError,
    entities::{activation, activation_day, license, organization, product, user},
    licenses::{self, LicenseRow, LicenseStatus, rows, visible},
    principal::Scope,
    tallies::{self, Figures},
};

/// "Expiring soon" means within this many days.
pub const EXPIRING_SOON_DAYS: i64 = 30;

/// Licenses per effective status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Active (including expiring soon).
    pub active: i64,
    /// Suspended.
    pub suspended: i64,
    /// Revoked.
    pub revoked: i64,
    /// Expired.
    pub expired: i64,
    /// Active and expiring within 30 days.
    pub expiring_soon: i64,
}

/// A recent activation on a visible license.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::FromQueryResult)]
pub struct RecentActivation {
    /// The license.
    pub license_id: Uuid,
    /// Its product.
    pub product_name: String,
    /// Machine host name.
    pub hostname: String,
    /// Machine operating system.
    pub os: String,
    /// When.
    pub activated_at: DateTime<Utc>,
}

/// A customer's dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDashboard {
    /// Visible licenses per status.
    pub counts: StatusCounts,
    /// Seats in use on active licenses.
    pub activations_used: i64,
    /// Seats on active licenses (None = some license is unlimited).
    pub activations_allowed: Option<i64>,
    /// Up to 5 active licenses expiring within 30 days, soonest first.
    pub expiring_soon: Vec<LicenseRow>,
    /// Up to 5 newest current activations.
    pub recent_activations: Vec<RecentActivation>,
    /// The first 10 visible licenses, on a member's dashboard; none on an organization
    /// overview, which shows the figures instead.
    pub licenses: Vec<LicenseRow>,
}

/// A vendor's dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorDashboard {
    /// Customer users.
    pub customers: i64,
    /// Organizations.
    pub organizations: i64,
    /// Licenses per status.
    pub counts: StatusCounts,
    /// Activations made in the last 30 days.
    pub activations_last_30_days: i64,
}

/// The dashboard of a customer; `Forbidden` for staff.
pub async fn customer(db: &Db, scope: &Scope) -> Result<CustomerDashboard> {
    if scope.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    customer_page(db, scope).await
}

/// The customer dashboard over the whole account, for vendor staff's branding preview;
/// `Forbidden` for customers.
pub async fn customer_preview(db: &Db, scope: &Scope) -> Result<CustomerDashboard> {
    if !scope.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    customer_page(db, scope).await
}

/// A member's licenses read at most for their dashboard; one with more is counted in SQL.
const MEMBER_LICENSES: u64 = 1_000;

async fn customer_page(db: &Db, scope: &Scope) -> Result<CustomerDashboard> {
    let now = Utc::now();
    if !scope.sees_one_organization_or_more() {
        return member_page(db, scope, now).await;
    }
    let figures = match tallies::figures(db, scope, now).await? {
        Some(f) => f,
        None => counted_figures(db, scope, now).await?,
    };
    let soon = expiring_soon(db, scope, now).await?;
    let recent_activations = recent_activations(db, scope).await?;
    // An organization overview shows the figures instead of a list of licenses.
    assemble(db, figures, soon, Vec::new(), recent_activations, now).await
}

/// The 5 active licenses ending soonest within [`EXPIRING_SOON_DAYS`]: a range of the
/// `(organization_id | account_id, expires_at, id)` index, in its order (the `IS NULL OR >` of
/// `LicenseStatus::Active` would make PostgreSQL read every license ending in the window, then
/// sort).
async fn expiring_soon(db: &Db, scope: &Scope, now: DateTime<Utc>) -> Result<Vec<license::Model>> {
    Ok(license::Entity::find()
        .filter(visible(scope))
        .filter(license::Column::Status.eq("active"))
        .filter(license::Column::ExpiresAt.gt(now))
        .filter(license::Column::ExpiresAt.lte(now + Duration::days(EXPIRING_SOON_DAYS)))
        .order_by_asc(license::Column::ExpiresAt)
        .order_by_asc(license::Column::Id)
        .limit(5)
        .all(db)
        .await?)
}

/// The dashboard of a member, viewer or individual: their licenses (assigned directly or
/// through their groups) are read once by [`licenses::member_page`] and every figure and list
/// is made from them, so nothing walks the organization (a member's dashboard counted over
/// `visible()`'s `OR`, which SQLite answers by reading all 100,000 licenses, eight times).
async fn member_page(db: &Db, scope: &Scope, now: DateTime<Utc>) -> Result<CustomerDashboard> {
    let mine = licenses::member_page(db, scope, sea_orm::Condition::all(), MEMBER_LICENSES).await?;
    let figures = if mine.len() as u64 == MEMBER_LICENSES {
        counted_figures(db, scope, now).await?
    } else {
        figures_of(&mine, now)
    };
    let horizon = now + Duration::days(EXPIRING_SOON_DAYS);
    let mut soon: Vec<license::Model> = mine
        .iter()
        .filter(|l| {
            LicenseStatus::derive(&l.status, l.expires_at, now) == LicenseStatus::Active
                && l.expires_at.is_some_and(|at| at <= horizon)
        })
        .cloned()
        .collect();
    soon.sort_by_key(|l| (l.expires_at, l.id));
    soon.truncate(5);
    let ids: Vec<Uuid> = mine.iter().map(|l| l.id).collect();
    let recent_activations = newest_activations(
        db,
        activation::Entity::find().filter(activation::Column::LicenseId.is_in(ids)),
    )
    .await?;
    let newest: Vec<license::Model> = mine.into_iter().take(10).collect();
    assemble(db, figures, soon, newest, recent_activations, now).await
}

/// The dashboard from its parts: one hydration for both lists (they share products and
/// owners).
async fn assemble(
    db: &Db,
    figures: Figures,
    soon: Vec<license::Model>,
    newest: Vec<license::Model>,
    recent_activations: Vec<RecentActivation>,
    now: DateTime<Utc>,
) -> Result<CustomerDashboard> {
    let soon_len = soon.len();
    let mut licenses = rows::hydrate(db, soon.into_iter().chain(newest).collect(), now).await?;
    let expiring_soon: Vec<LicenseRow> = licenses.drain(..soon_len).collect();
    Ok(CustomerDashboard {
        activations_used: figures.seats_used,
        activations_allowed: (figures.unlimited == 0).then_some(figures.seats_allowed),
        counts: figures.counts,
        expiring_soon,
        recent_activations,
        licenses,
    })
}

/// The figures of these licenses at `now`, as [`counted_figures`] gives them in SQL.
fn figures_of(licenses: &[license::Model], now: DateTime<Utc>) -> Figures {
    let mut f = Figures::default();
    let horizon = now + Duration::days(EXPIRING_SOON_DAYS);
    for l in licenses {
        match LicenseStatus::derive(&l.status, l.expires_at, now) {
            LicenseStatus::Active => {
                f.counts.active += 1;
                if l.expires_at.is_some_and(|at| at <= horizon) {
                    f.counts.expiring_soon += 1;
                }
                f.seats_used += l.activations_count;
                match l.allowed_activations {
                    Some(n) => f.seats_allowed += n,
                    None => f.unlimited += 1,
                }
            }
            LicenseStatus::Suspended => f.counts.suspended += 1,
            LicenseStatus::Revoked => f.counts.revoked += 1,
            LicenseStatus::Expired => f.counts.expired += 1,
        }
    }
    f
}

/// The dashboard of a vendor; `Forbidden` for customers.
pub async fn vendor(db: &Db, scope: &Scope) -> Result<VendorDashboard> {
    if !scope.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let now = Utc::now();
    let account_id = scope.account_id();
    let customers = user::Entity::find()
        .filter(user::Column::AccountId.eq(account_id))
        .filter(user::Column::Kind.eq(user::KIND_CUSTOMER))
        .count(db)
        .await?;
    let organizations = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(account_id))
        .count(db)
        .await?;
    // Whole UTC days: today and the 29 before (a range of the counters' primary key).
    let today = tallies::day_of(now);
    let activations_last_30_days: i64 = activation_day::Entity::find()
        .filter(activation_day::Column::AccountId.eq(account_id))
        .filter(activation_day::Column::Day.gt(today - 30))
        .filter(activation_day::Column::Day.lte(today))
        .all(db)
        .await?
        .iter()
        .map(|d| d.activations)
        .sum();
    let counts = match tallies::figures(db, scope, now).await? {
        Some(f) => f.counts,
        None => counted_figures(db, scope, now).await?.counts,
    };
    Ok(VendorDashboard {
        customers: customers as i64,
        organizations: organizations as i64,
        counts,
        activations_last_30_days,
    })
}

/// The figures counted over the visible licenses: for a member, viewer or individual, whose
/// visible licenses are the few assigned to them (directly or through their groups), never a
/// whole organization's; the counters cover the scopes that are ([`tallies::figures`]). Also
/// the reference the counters are tested against.
pub async fn counted_figures(db: &Db, scope: &Scope, now: DateTime<Utc>) -> Result<Figures> {
    let active = || {
        license::Entity::find()
            .filter(visible(scope))
            .filter(LicenseStatus::Active.condition(now))
    };
    Ok(Figures {
        counts: counts(db, scope, now).await?,
        seats_used: sum(db, active(), license::Column::ActivationsCount).await?,
        seats_allowed: sum(db, active(), license::Column::AllowedActivations).await?,
        unlimited: active()
            .filter(license::Column::AllowedActivations.is_null())
            .count(db)
            .await? as i64,
    })
}

async fn counts(db: &Db, scope: &Scope, now: DateTime<Utc>) -> Result<StatusCounts> {
    let count = |status: LicenseStatus| {
        license::Entity::find()
            .filter(visible(scope))
            .filter(status.condition(now))
            .count(db)
    };
    let expiring_soon = license::Entity::find()
        .filter(visible(scope))
        .filter(LicenseStatus::Active.condition(now))
        .filter(license::Column::ExpiresAt.lte(now + Duration::days(EXPIRING_SOON_DAYS)))
        .count(db)
        .await?;
    Ok(StatusCounts {
        active: count(LicenseStatus::Active).await? as i64,
        suspended: count(LicenseStatus::Suspended).await? as i64,
        revoked: count(LicenseStatus::Revoked).await? as i64,
        expired: count(LicenseStatus::Expired).await? as i64,
        expiring_soon: expiring_soon as i64,
    })
}

/// `SUM(column)` as BIGINT (PostgreSQL sums BIGINT into NUMERIC otherwise), 0 when empty.
async fn sum(
    db: &Db,
    query: sea_orm::Select<license::Entity>,
    column: license::Column,
) -> Result<i64> {
    let total: Option<Option<i64>> = query
        .select_only()
        .column_as(
            Expr::expr(Func::cast_as(
                Func::coalesce([Expr::expr(Func::sum(Expr::col(column))), Expr::val(0)]),
                "BIGINT",
            )),
            "total",
        )
        .into_tuple()
        .one(db)
        .await?;
    Ok(total.flatten().unwrap_or(0))
}

async fn recent_activations(db: &Db, scope: &Scope) -> Result<Vec<RecentActivation>> {
    // A correlated `EXISTS`: the newest activations are walked by (account, activated_at) and
    // each one's license looked up by its key until five are found. `license_id IN (SELECT
    // ...)` made SQLite list every license of the organization first (196 ms at 100,000).
    let its_license_is_visible = Query::select()
        .expr(Expr::val(1))
        .from(license::Entity)
        .and_where(
            Expr::col((license::Entity, license::Column::Id))
                .equals((activation::Entity, activation::Column::LicenseId)),
        )
        .cond_where(visible(scope))
        .take();
    newest_activations(
        db,
        activation::Entity::find()
            .filter(activation::Column::AccountId.eq(scope.account_id()))
            .filter(Expr::exists(its_license_is_visible)),
    )
    .await
}

/// The five newest open activations `select` finds, each with its license's product name read
/// in the same statement: a correlated subquery by primary key, so the walk down the
/// activations' index is kept and there is no second round trip.
async fn newest_activations(
    db: &Db,
    select: sea_orm::Select<activation::Entity>,
) -> Result<Vec<RecentActivation>> {
    let (l, p, a) = (license::Entity, product::Entity, activation::Entity);
    let product_name = Query::select()
        .column((p, product::Column::Name))
        .from(l)
        .inner_join(
            p,
            Expr::col((p, product::Column::Id)).equals((l, license::Column::ProductId)),
        )
        .and_where(Expr::col((l, license::Column::Id)).equals((a, activation::Column::LicenseId)))
        .take();
    // The product is there by foreign key: the subquery always finds its name.
    Ok(select
        .select_only()
        .columns([
            activation::Column::LicenseId,
            activation::Column::Hostname,
            activation::Column::Os,
            activation::Column::ActivatedAt,
        ])
        .expr_as(
            Expr::SubQuery(None, Box::new(product_name.into())),
            "product_name",
        )
        .filter(activation::Column::DeactivatedAt.is_null())
        .order_by_desc(activation::Column::ActivatedAt)
        .limit(5)
        .into_model::<RecentActivation>()
        .all(db)
        .await?)
}
