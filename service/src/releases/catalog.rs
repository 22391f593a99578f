//! What a customer sees and may download: releases of their licenses' products, each with its
//! eligibility; and the one check every download runs.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tracing::instrument;
use uuid::Uuid;

use super::{
    eligibility::{Eligibility, LicenseTerms, Reason, ReleaseFacts, ReleaseStatus, eligibility},
    notes,
};
use crate::{
    Db, Result, ServiceError,
    domain::Semver,
    entities::{license, product, release, release_file},
    licenses::{member_page, visible},
    principal::Scope,
    products,
};

/// A file as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// File id.
    pub id: Uuid,
    /// Download name.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// A release as a customer (or staff) sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseEntry {
    /// Release id.
    pub id: Uuid,
    /// Product id.
    pub product_id: Uuid,
    /// Product name.
    pub product_name: String,
    /// Version.
    pub version: String,
    /// Channel.
    pub channel: String,
    /// Platform.
    pub platform: String,
    /// Architecture.
    pub arch: String,
    /// `draft`, `published` or `yanked`.
    pub status: String,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// Sanitized HTML of the notes.
    pub notes_html: String,
    /// Files.
    pub files: Vec<FileEntry>,
    /// The license granting the download (None when no license does).
    pub license_id: Option<Uuid>,
    /// Why not, when no license grants it (None for staff lists).
    pub reason: Option<String>,
    /// The newest eligible release of its product, channel and platform.
    pub latest: bool,
}

fn status_of(s: &str) -> ReleaseStatus {
    match s {
        "published" => ReleaseStatus::Published,
        "yanked" => ReleaseStatus::Yanked,
        _ => ReleaseStatus::Draft,
    }
}

fn facts(r: &release::Model) -> ReleaseFacts {
    ReleaseFacts {
        version: Semver::parse(&r.version).unwrap_or_else(|_| Semver::parse("0.0.0").expect("ok")),
        channel: r.channel.clone(),
        status: status_of(&r.status),
        published_at: r.published_at,
    }
}

/// Published releases of the products of the licenses the scope sees (all of the license's
/// product when `license_id` is given), newest first within channel and platform.
#[instrument(skip_all, fields(account.id = %scope.account_id()))]
pub async fn for_customer(
    db: &Db,
    scope: &Scope,
    license_id: Option<Uuid>,
) -> Result<Vec<ReleaseEntry>> {
    let licenses = match license_id {
        Some(id) => {
            let one = license::Entity::find_by_id(id)
                .filter(visible(scope))
                .all(db)
                .await?;
            if one.is_empty() {
                return Err(ServiceError::NotFound);
            }
            one
        }
        None => candidates(db, scope).await?,
    };
    let mut terms: BTreeMap<Uuid, Vec<(Uuid, LicenseTerms)>> = BTreeMap::new();
    for l in &licenses {
        terms
            .entry(l.product_id)
            .or_default()
            .push((l.id, LicenseTerms::of(l)));
    }
    // Customers never see the catalog of a hidden product (their license stays listed).
    if !scope.is_vendor() {
        for id in products::hidden_ids(db, scope.account_id()).await? {
            terms.remove(&id);
        }
    }
    let releases = release::Entity::find()
        .filter(release::Column::AccountId.eq(scope.account_id()))
        .filter(release::Column::ProductId.is_in(terms.keys().copied()))
        .filter(release::Column::Status.eq("published"))
        .all(db)
        .await?;
    let mut entries = entries(db, scope.account_id(), releases).await?;
    for e in &mut entries {
        let r = ReleaseFacts {
            version: Semver::parse(&e.version)
                .unwrap_or_else(|_| Semver::parse("0.0.0").expect("ok")),
            channel: e.channel.clone(),
            status: status_of(&e.status),
            published_at: e.published_at,
        };
        let mut first_reason = None;
        for (id, t) in terms.get(&e.product_id).into_iter().flatten() {
            match eligibility(t, &r) {
                Eligibility::Eligible => {
                    e.license_id = Some(*id);
                    break;
                }
                Eligibility::Ineligible(reason) => {
                    first_reason.get_or_insert(reason);
                }
            }
        }
        if e.license_id.is_none() {
            e.reason = first_reason.map(|r| r.to_string());
        }
    }
    mark_latest(&mut entries);
    Ok(entries)
}

/// Licenses of one product that the releases list weighs, at most, per kind below.
pub const CANDIDATES: u64 = 25;

/// The licenses the releases list checks each release against, never all of an
/// organization's 100,000 (which took seconds): per product the scope has licenses of, the
/// [`CANDIDATES`] active ones with unlimited maintenance and the [`CANDIDATES`] active ones
/// whose maintenance ends last (`licenses(organization_id | account_id, product_id,
/// maintenance_expires_at)`), plus one license of any status so a product with none active
/// still says why. Maintenance decides most of eligibility, so these are the licenses most
/// likely to grant a release; a license that only its metadata (channels, version cap) sets
/// apart is checked exactly on its own page. A member's own licenses are few: all of them
/// count, read by [`member_page`].
async fn candidates(db: &Db, scope: &Scope) -> Result<Vec<license::Model>> {
    let mut found = if scope.sees_one_organization_or_more() {
        longest_maintained(db, scope).await?
    } else {
        member_page(db, scope, sea_orm::Condition::all(), 1_000).await?
    };
    // Oldest first, as the list always weighed them (the first refusal is the one shown).
    found.sort_by_key(|l| l.id);
    found.dedup_by_key(|l| l.id);
    Ok(found)
}

/// Per product of the scope: [`CANDIDATES`] active licenses with unlimited maintenance,
/// [`CANDIDATES`] whose maintenance ends last, and one of any status.
async fn longest_maintained(db: &Db, scope: &Scope) -> Result<Vec<license::Model>> {
    use sea_orm::QuerySelect;
    let mut found = Vec::new();
    for p in crate::licenses::products(db, scope).await? {
        let of_product = || {
            license::Entity::find()
                .filter(visible(scope))
                .filter(license::Column::ProductId.eq(p.id))
        };
        let active = || of_product().filter(license::Column::Status.eq("active"));
        if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // One backward walk of the index (its ascending order keeps NULLs last, so
            // backwards they come first). PostgreSQL guesses a `maintenance_expires_at IS
            // NULL ... LIMIT` alone as a table scan, which is slow for the products whose
            // licenses mostly have an end date.
            found.extend(
                active()
                    .order_by_with_nulls(
                        license::Column::MaintenanceExpiresAt,
                        sea_orm::Order::Desc,
                        sea_orm::sea_query::NullOrdering::First,
                    )
                    .limit(2 * CANDIDATES)
                    .all(db)
                    .await?,
            );
        } else {
            // SQLite sorts NULLs first ascending, so no index order gives "unlimited, then
            // latest": two range reads of the index instead.
            found.extend(
                active()
                    .filter(license::Column::MaintenanceExpiresAt.is_null())
                    .limit(CANDIDATES)
                    .all(db)
                    .await?,
            );
            found.extend(
                active()
                    .filter(license::Column::MaintenanceExpiresAt.is_not_null())
                    .order_by_desc(license::Column::MaintenanceExpiresAt)
                    .limit(CANDIDATES)
                    .all(db)
                    .await?,
            );
        }
        found.extend(of_product().limit(1).all(db).await?);
    }
    Ok(found)
}

/// Every release of the vendor's account, drafts and yanked included (staff only).
#[instrument(skip_all, fields(account.id = %scope.account_id()))]
pub async fn for_vendor(db: &Db, scope: &Scope) -> Result<Vec<ReleaseEntry>> {
    if !scope.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let releases = release::Entity::find()
        .filter(release::Column::AccountId.eq(scope.account_id()))
        .all(db)
        .await?;
    entries(db, scope.account_id(), releases).await
}

async fn entries(
    db: &Db,
    account_id: Uuid,
    releases: Vec<release::Model>,
) -> Result<Vec<ReleaseEntry>> {
    let ids: Vec<Uuid> = releases.iter().map(|r| r.id).collect();
    let mut files: BTreeMap<Uuid, Vec<FileEntry>> = BTreeMap::new();
    for f in release_file::Entity::find()
        .filter(release_file::Column::ReleaseId.is_in(ids))
        .order_by_asc(release_file::Column::Name)
        .all(db)
        .await?
    {
        files.entry(f.release_id).or_default().push(FileEntry {
            id: f.id,
            name: f.name,
            size: f.size,
            sha256: f.sha256,
        });
    }
    let products: BTreeMap<Uuid, String> = product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut out: Vec<(ReleaseFacts, ReleaseEntry)> = releases
        .into_iter()
        .map(|r| {
            let entry = ReleaseEntry {
                id: r.id,
                product_id: r.product_id,
                product_name: products.get(&r.product_id).cloned().unwrap_or_default(),
                version: r.version.clone(),
                channel: r.channel.clone(),
                platform: r.platform.clone(),
                arch: r.arch.clone(),
                status: r.status.clone(),
                published_at: r.published_at,
                notes_html: notes::render(&r.notes),
                files: files.remove(&r.id).unwrap_or_default(),
                license_id: None,
                reason: None,
                latest: false,
            };
            (facts(&r), entry)
        })
        .collect();
    // Product, channel, platform, arch; then newest version first.
    out.sort_by(|(fa, a), (fb, b)| {
        (&a.product_name, &a.channel, &a.platform, &a.arch)
            .cmp(&(&b.product_name, &b.channel, &b.platform, &b.arch))
            .then_with(|| fb.version.cmp(&fa.version))
    });
    Ok(out.into_iter().map(|(_, e)| e).collect())
}

/// Highlights the first (newest) eligible release per product, channel, platform and arch.
fn mark_latest(entries: &mut [ReleaseEntry]) {
    let mut seen = std::collections::BTreeSet::new();
    for e in entries.iter_mut().filter(|e| e.license_id.is_some()) {
        let group = (
            e.product_id,
            e.channel.clone(),
            e.platform.clone(),
            e.arch.clone(),
        );
        e.latest = seen.insert(group);
    }
}

/// A file the caller may download right now.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The file.
    pub file: release_file::Model,
    /// Its release.
    pub release: release::Model,
    /// The license it is downloaded under (None through a signed link).
    pub license_id: Option<Uuid>,
}

/// Why a download is refused.
#[derive(Debug)]
pub enum Refusal {
    /// No such file, or not visible (other vendor, other customer's license).
    NotFound,
    /// Visible but not downloadable, with the customer-facing reason.
    Ineligible(Reason),
    /// A service failure.
    Failed(ServiceError),
}

impl From<ServiceError> for Refusal {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => Self::NotFound,
            e => Self::Failed(e),
        }
    }
}

/// The check every download request runs: the license is visible to the scope, the file's
/// release is of the license's product in the same account, and the license is eligible.
#[instrument(skip_all, fields(account.id = %scope.account_id(), license.id = %license_id))]
pub async fn authorize(
    db: &Db,
    scope: &Scope,
    license_id: Uuid,
    file_id: Uuid,
) -> std::result::Result<Grant, Refusal> {
    let license = license::Entity::find_by_id(license_id)
        .filter(visible(scope))
        .one(db)
        .await
        .map_err(ServiceError::from)?
        .ok_or(Refusal::NotFound)?;
    let file = release_file::Entity::find_by_id(file_id)
        .filter(release_file::Column::AccountId.eq(scope.account_id()))
        .one(db)
        .await
        .map_err(ServiceError::from)?
        .ok_or(Refusal::NotFound)?;
    let release = release::Entity::find_by_id(file.release_id)
        .filter(release::Column::AccountId.eq(scope.account_id()))
        .filter(release::Column::ProductId.eq(license.product_id))
        .one(db)
        .await
        .map_err(ServiceError::from)?
        .ok_or(Refusal::NotFound)?;
    // Drafts are invisible to customers, like files of other products and of hidden ones.
    if release.status == "draft" {
        return Err(Refusal::NotFound);
    }
    if !scope.is_vendor()
        && products::hidden_ids(db, scope.account_id())
            .await?
            .contains(&release.product_id)
    {
        return Err(Refusal::NotFound);
    }
    match eligibility(&LicenseTerms::of(&license), &facts(&release)) {
        Eligibility::Eligible => Ok(Grant {
            file,
            release,
            license_id: Some(license_id),
        }),
        Eligibility::Ineligible(reason) => Err(Refusal::Ineligible(reason)),
    }
}
