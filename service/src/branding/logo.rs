//! The branding's logo: uploaded into the draft (previewed, then published or discarded with
//! the rest of it), removed from the draft, and served by content hash.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{BrandingVersions, image};
use crate::{Db, Result, ServiceError, entities::branding_logo, principal::Principal};

/// The logo a branding version shows: which image (by hash), never its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    /// SHA-256 of the image, lower-case hex.
    pub sha256: String,
    /// `image/png`, `image/jpeg` or `image/webp` (checked by content).
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
}

impl Logo {
    /// Where the portal serves it (on the account's own host). The hash makes it immutable.
    pub fn path(&self) -> String {
        format!("/branding/logo/{}", self.sha256)
    }
}

/// A checked image about to be stored with the change that puts it in the draft.
pub(crate) struct NewImage {
    pub(crate) logo: Logo,
    pub(crate) bytes: Vec<u8>,
}

/// A logo as the route serves it.
#[derive(Debug, Clone)]
pub struct LogoFile {
    /// The checked content type.
    pub content_type: String,
    /// The image.
    pub bytes: Vec<u8>,
    /// Customers see it (cache publicly); otherwise only staff previewing the draft do.
    pub published: bool,
}

/// Checks the image by its content and puts it in the draft; nothing changes when it is
/// refused. Vendor admins only.
pub async fn upload(
    db: &Db,
    principal: &Principal,
    bytes: Vec<u8>,
    ip: Option<&str>,
) -> Result<BrandingVersions> {
    principal.require_vendor_admin()?;
    let kind = image::check(&bytes)?;
    let logo = Logo {
        sha256: hex::encode(Sha256::digest(&bytes)),
        content_type: kind.content_type().to_owned(),
        size: bytes.len() as i64,
    };
    let new = NewImage {
        logo: logo.clone(),
        bytes,
    };
    super::change_with(db, principal, "branding.logo.upload", ip, Some(new), |v| {
        v.draft.logo = Some(logo)
    })
    .await
}

/// Takes the logo out of the draft (customers keep the published one until "Publish").
pub async fn remove(db: &Db, principal: &Principal, ip: Option<&str>) -> Result<BrandingVersions> {
    super::change(db, principal, "branding.logo.remove", ip, |v| {
        v.draft.logo = None
    })
    .await
}

/// The logo `sha256` of an account: anyone gets the published one (the sign-in page shows
/// it); the draft's only to that account's staff. Anything else is not found.
pub async fn file(
    db: &Db,
    account_id: Uuid,
    principal: Option<&Principal>,
    sha256: &str,
) -> Result<LogoFile> {
    let v = super::versions(db, account_id).await?;
    let is = |l: &Option<Logo>| l.as_ref().is_some_and(|l| l.sha256 == sha256);
    let staff = matches!(principal, Some(p @ Principal::Staff(_)) if p.account_id() == account_id);
    let published = is(&v.published.logo);
    let visible = published || (staff && is(&v.draft.logo));
    if !visible {
        return Err(ServiceError::NotFound);
    }
    let row = branding_logo::Entity::find()
        .filter(branding_logo::Column::AccountId.eq(account_id))
        .filter(branding_logo::Column::Sha256.eq(sha256))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(LogoFile {
        content_type: row.content_type,
        bytes: row.bytes,
        published,
    })
}

/// Stores `new` (once per hash) and deletes the images neither version refers to any more.
pub(crate) async fn sync<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    new: Option<NewImage>,
    after: &BrandingVersions,
) -> Result<()> {
    if let Some(NewImage { logo, bytes }) = new {
        let exists = branding_logo::Entity::find()
            .filter(branding_logo::Column::AccountId.eq(account_id))
            .filter(branding_logo::Column::Sha256.eq(&logo.sha256))
            .one(conn)
            .await?
            .is_some();
        if !exists {
            branding_logo::Entity::insert(branding_logo::ActiveModel {
                id: Set(Uuid::now_v7()),
                account_id: Set(account_id),
                sha256: Set(logo.sha256),
                content_type: Set(logo.content_type),
                size: Set(logo.size),
                bytes: Set(bytes),
                created_at: Set(Utc::now()),
            })
            .exec_without_returning(conn)
            .await?;
        }
    }
    let keep: Vec<String> = [&after.draft.logo, &after.published.logo]
        .into_iter()
        .flatten()
        .map(|l| l.sha256.clone())
        .collect();
    branding_logo::Entity::delete_many()
        .filter(branding_logo::Column::AccountId.eq(account_id))
        .filter(branding_logo::Column::Sha256.is_not_in(keep))
        .exec(conn)
        .await?;
    Ok(())
}
