//! Vendor side: create a draft, stream its files to the store, publish, yank.
//!
//! These take the vendor's `account_id` (the CLI acts for an account; server functions pass
//! `Scope::account_id()` after checking that the caller is staff with `releases.manage`).

use bytes::Bytes;
use chrono::Utc;
use futures_util::Stream;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};
use tracing::instrument;
use uuid::Uuid;

use super::storage::{ReleaseStore, UploadError};
use crate::{
    Db, FieldError, Result, ServiceError,
    domain::Semver,
    entities::{product, release, release_file},
};

/// A release to create as a draft.
#[derive(Debug, Clone)]
pub struct NewRelease {
    /// Product id, or its exact name within the account.
    pub product: String,
    /// Semantic version.
    pub version: String,
    /// Channel (`stable`, `beta`, ...).
    pub channel: String,
    /// Platform (`windows`, `macos`, `linux`, ...).
    pub platform: String,
    /// Architecture (`x86_64`, `aarch64`, ...).
    pub arch: String,
    /// Markdown notes.
    pub notes: String,
}

/// A lower-case identifier of 1-32 letters, digits, `_` and `-`.
fn word(field: &str, value: &str) -> std::result::Result<String, FieldError> {
    let v = value.trim().to_ascii_lowercase();
    let ok = !v.is_empty()
        && v.len() <= 32
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(v)
    } else {
        Err(FieldError::new(
            field,
            "Use 1 to 32 letters, digits, '-' or '_'.",
        ))
    }
}

/// A download name: a bare file name, never a path. Refused rather than rewritten, so the
/// vendor sees what customers will get.
pub fn file_name(name: &str) -> std::result::Result<String, FieldError> {
    let bad = |m: &str| Err(FieldError::new("file", m));
    if name.is_empty() || name.len() > 255 {
        return bad("File names have 1 to 255 characters.");
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." || name.starts_with('.') {
        return bad("A file name cannot be a path or start with a dot.");
    }
    if let Some(c) = sdk::text::first_hidden(name, sdk::text::Joiners::Refused) {
        // `build-07\u{202e}gnp.exe` would read "build-07exe.png" on the download page.
        return bad(&format!(
            "A file name cannot hold {}: name the file again without it.",
            sdk::text::describe(c)
        ));
    }
    if name.contains(['"', ':', '<', '>', '|', '?', '*']) {
        return bad("A file name cannot hold control characters or any of \" : < > | ? *.");
    }
    Ok(name.to_owned())
}

/// Finds a product of the account by id or exact name.
async fn find_product(db: &Db, account_id: Uuid, product: &str) -> Result<product::Model> {
    let by = match Uuid::parse_str(product.trim()) {
        Ok(id) => product::Column::Id.eq(id),
        Err(_) => product::Column::Name.eq(product.trim()),
    };
    product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .filter(by)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::invalid("product", "There is no such product."))
}

/// Creates a draft release.
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn create_draft(db: &Db, account_id: Uuid, new: NewRelease) -> Result<release::Model> {
    let mut errors = Vec::new();
    let version = Semver::parse(&new.version)
        .map_err(|m| errors.push(FieldError::new("version", m)))
        .ok();
    let mut word_of = |field, value: &str| word(field, value).map_err(|e| errors.push(e)).ok();
    let (channel, platform, arch) = (
        word_of("channel", &new.channel),
        word_of("platform", &new.platform),
        word_of("arch", &new.arch),
    );
    if new.notes.len() > 100_000 {
        errors.push(FieldError::new(
            "notes",
            "Notes are limited to 100 000 characters.",
        ));
    }
    let product = find_product(db, account_id, &new.product).await;
    let (Some(version), Some(channel), Some(platform), Some(arch), Ok(product), true) = (
        version,
        channel,
        platform,
        arch,
        &product,
        errors.is_empty(),
    ) else {
        if let Err(ServiceError::Invalid(mut more)) = product {
            errors.append(&mut more);
        }
        return Err(ServiceError::Invalid(errors));
    };
    let now = Utc::now();
    let model = release::Model {
        id: Uuid::now_v7(),
        account_id,
        product_id: product.id,
        version: version.to_string(),
        channel,
        platform,
        arch,
        notes: new.notes,
        status: "draft".into(),
        published_at: None,
        created_at: now,
        updated_at: now,
    };
    release::Entity::insert(release::ActiveModel::from(model.clone()))
        .exec_without_returning(db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                ServiceError::Conflict(vec![FieldError::new(
                    "version",
                    "This version already exists for this channel, platform and architecture.",
                )])
            }
            _ => e.into(),
        })?;
    Ok(model)
}

/// Streams one file into a draft release: the bytes go to a fresh key, the row is written
/// only once the object is complete, so an interrupted upload leaves nothing behind.
#[instrument(skip_all, fields(account.id = %account_id, release.id = %release_id))]
pub async fn add_file<S, E>(
    db: &Db,
    store: &ReleaseStore,
    account_id: Uuid,
    release_id: Uuid,
    name: &str,
    body: S,
    cap: u64,
) -> Result<release_file::Model>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Send,
    E: Into<std::io::Error>,
{
    let name = file_name(name).map_err(|e| ServiceError::Invalid(vec![e]))?;
    let release = find(db, account_id, release_id).await?;
    if release.status != "draft" {
        return Err(ServiceError::invalid(
            "file",
            "Files can only be added to a draft release.",
        ));
    }
    let key = ReleaseStore::new_key(account_id);
    let stored = store
        .put_stream(&key, body, cap)
        .await
        .map_err(|e| match e {
            UploadError::TooLarge { cap } => ServiceError::invalid(
                "file",
                &format!("The file is larger than the limit of {cap} bytes."),
            ),
            UploadError::Interrupted(_) => {
                ServiceError::invalid("file", "The upload was interrupted; nothing was kept.")
            }
            UploadError::Store(e) => ServiceError::Internal(e.to_string()),
        })?;
    let model = release_file::Model {
        id: Uuid::now_v7(),
        account_id,
        release_id,
        name,
        size: i64::try_from(stored.size).unwrap_or(i64::MAX),
        sha256: stored.sha256,
        storage_key: stored.key,
        created_at: Utc::now(),
    };
    if let Err(e) = release_file::Entity::insert(release_file::ActiveModel::from(model.clone()))
        .exec_without_returning(db)
        .await
    {
        store.delete(&key).await?;
        return Err(match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                ServiceError::invalid("file", "This release already has a file of that name.")
            }
            _ => e.into(),
        });
    }
    Ok(model)
}

/// A release of the account (any status).
pub(crate) async fn find(db: &Db, account_id: Uuid, id: Uuid) -> Result<release::Model> {
    release::Entity::find_by_id(id)
        .filter(release::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The name of the product of the account's release `id` (forms name products by id, the CLI
/// by name; answers name them by name).
pub async fn product_name(db: &Db, account_id: Uuid, id: Uuid) -> Result<String> {
    let release = find(db, account_id, id).await?;
    product::Entity::find_by_id(release.product_id)
        .filter(product::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .map(|p| p.name)
        .ok_or(ServiceError::NotFound)
}

/// Publishes a draft that has at least one file.
#[instrument(skip_all, fields(account.id = %account_id, release.id = %id))]
pub async fn publish(db: &Db, account_id: Uuid, id: Uuid) -> Result<()> {
    let release = find(db, account_id, id).await?;
    if release.status != "draft" {
        return Err(ServiceError::invalid(
            "release",
            "Only a draft can be published.",
        ));
    }
    let files = release_file::Entity::find()
        .filter(release_file::Column::ReleaseId.eq(id))
        .all(db)
        .await?;
    if files.is_empty() {
        return Err(ServiceError::invalid(
            "release",
            "Add a file before publishing.",
        ));
    }
    // Published and announced together: the notifications are written in the same
    // transaction as the status.
    let tx = db.begin().await?;
    set(&tx, account_id, id, "published").await?;
    crate::notifications::triggers::release_published(&tx, &release).await?;
    tx.commit().await?;
    Ok(())
}

/// Yanks a published release: hidden from lists, never downloadable again.
#[instrument(skip_all, fields(account.id = %account_id, release.id = %id))]
pub async fn yank(db: &Db, account_id: Uuid, id: Uuid) -> Result<()> {
    find(db, account_id, id).await?;
    set(db, account_id, id, "yanked").await
}

async fn set<C: ConnectionTrait>(db: &C, account_id: Uuid, id: Uuid, status: &str) -> Result<()> {
    let now = Utc::now();
    let mut update = release::Entity::update_many()
        .col_expr(release::Column::Status, Expr::value(status))
        .col_expr(release::Column::UpdatedAt, Expr::value(now));
    if status == "published" {
        update = update.col_expr(release::Column::PublishedAt, Expr::value(now));
    }
    update
        .filter(release::Column::Id.eq(id))
        .filter(release::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes a draft and its stored files (a publication that failed half-way).
#[instrument(skip_all, fields(account.id = %account_id, release.id = %id))]
pub async fn discard_draft(
    db: &Db,
    store: &ReleaseStore,
    account_id: Uuid,
    id: Uuid,
) -> Result<()> {
    let release = find(db, account_id, id).await?;
    if release.status != "draft" {
        return Err(ServiceError::invalid(
            "release",
            "Only a draft can be discarded.",
        ));
    }
    for f in release_file::Entity::find()
        .filter(release_file::Column::ReleaseId.eq(id))
        .all(db)
        .await?
    {
        store.delete(&f.storage_key).await?;
    }
    release::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
