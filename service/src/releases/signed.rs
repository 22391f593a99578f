//! Expiring signed download links: a vendor hands one to a customer (or its application does),
//! and whoever holds it may download that one file for five minutes, without signing in.
//!
//! The token is `base64url(account id || file id || expiry (i64 seconds, big-endian) || MAC)`,
//! the MAC being HMAC-SHA256 under a key derived from the master key for this purpose only.
//! Nothing is stored: the MAC is the proof, the expiry bounds the damage of a leaked link, and
//! the account id ties the link to its vendor's host.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tracing::instrument;
use uuid::Uuid;

use super::catalog::{Grant, Refusal};
use crate::{
    Db, Result, ServiceError,
    crypto::{MasterKey, hmac_sha256, same_mac},
    entities::{release, release_file},
    releases::eligibility::Reason,
};

/// How long a signed link works.
pub const LIFETIME: Duration = Duration::minutes(5);

const PURPOSE: &str = "keyport/download-link/v1";
const CLAIMS_LEN: usize = 16 + 16 + 8;
const TOKEN_LEN: usize = CLAIMS_LEN + 32;

/// The key signing download links (derived from the master key; `Debug` is redacted).
pub struct LinkKey([u8; 32]);

impl LinkKey {
    /// The link key of this server.
    pub fn from_master(master: &MasterKey) -> Self {
        Self(master.derive(PURPOSE))
    }
}

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey([redacted])")
    }
}

/// What a link grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkClaims {
    /// The vendor account whose host serves it.
    pub account_id: Uuid,
    /// The release file.
    pub file_id: Uuid,
    /// When it stops working (whole seconds).
    pub expires_at: DateTime<Utc>,
}

/// Why a link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not a token this server made for this portal, or altered since. A link of another
    /// vendor's portal gets this answer too (checked before its expiry), like a foreign id
    /// anywhere else: nothing tells it apart from a forged one.
    #[error("This download link is not valid: it was altered or cut short.")]
    Tampered,
    /// Past its expiry.
    #[error("This download link has expired; ask the vendor for a new one.")]
    Expired,
}

/// Signs `claims` into a URL-safe token.
pub fn mint(key: &LinkKey, claims: &LinkClaims) -> String {
    let mut bytes = Vec::with_capacity(TOKEN_LEN);
    bytes.extend_from_slice(claims.account_id.as_bytes());
    bytes.extend_from_slice(claims.file_id.as_bytes());
    bytes.extend_from_slice(&claims.expires_at.timestamp().to_be_bytes());
    let mac = hmac_sha256(&key.0, &bytes);
    bytes.extend_from_slice(&mac);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Checks a token's MAC, then its expiry against `now`, then that it is for `account_id`.
pub fn verify(
    key: &LinkKey,
    token: &str,
    account_id: Uuid,
    now: DateTime<Utc>,
) -> std::result::Result<LinkClaims, LinkError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| LinkError::Tampered)?;
    if bytes.len() != TOKEN_LEN {
        return Err(LinkError::Tampered);
    }
    let (claims, mac) = bytes.split_at(CLAIMS_LEN);
    if !same_mac(&hmac_sha256(&key.0, claims), mac) {
        return Err(LinkError::Tampered);
    }
    let uuid = |b: &[u8]| Uuid::from_slice(b).map_err(|_| LinkError::Tampered);
    let seconds = i64::from_be_bytes(claims[32..40].try_into().map_err(|_| LinkError::Tampered)?);
    let claims = LinkClaims {
        account_id: uuid(&claims[..16])?,
        file_id: uuid(&claims[16..32])?,
        expires_at: DateTime::from_timestamp(seconds, 0).ok_or(LinkError::Tampered)?,
    };
    if claims.account_id != account_id {
        return Err(LinkError::Tampered);
    }
    if now >= claims.expires_at {
        return Err(LinkError::Expired);
    }
    Ok(claims)
}

/// A new link to a file of a published release of the account, valid for [`LIFETIME`]
/// from `now`. Drafts and yanked releases get none.
#[instrument(skip_all, fields(account.id = %account_id, release_file.id = %file_id))]
pub async fn create(
    db: &Db,
    key: &LinkKey,
    account_id: Uuid,
    file_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(String, LinkClaims)> {
    let grant = match resolve(db, account_id, file_id).await {
        Ok(grant) => grant,
        Err(Refusal::Failed(e)) => return Err(e),
        Err(Refusal::Ineligible(_)) => {
            return Err(ServiceError::invalid(
                "file",
                "A yanked release cannot be downloaded.",
            ));
        }
        Err(Refusal::NotFound) => return Err(ServiceError::NotFound),
    };
    let seconds = (now + LIFETIME).timestamp();
    let claims = LinkClaims {
        account_id,
        file_id: grant.file.id,
        expires_at: DateTime::from_timestamp(seconds, 0).unwrap_or(now + LIFETIME),
    };
    Ok((mint(key, &claims), claims))
}

/// The file a verified link names, if it may still be downloaded: a published release of the
/// account (yanked: refused with the reason; drafts and unknown files: not found).
pub async fn resolve(
    db: &Db,
    account_id: Uuid,
    file_id: Uuid,
) -> std::result::Result<Grant, Refusal> {
    let file = release_file::Entity::find_by_id(file_id)
        .filter(release_file::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .map_err(ServiceError::from)?
        .ok_or(Refusal::NotFound)?;
    let release = release::Entity::find_by_id(file.release_id)
        .filter(release::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .map_err(ServiceError::from)?
        .ok_or(Refusal::NotFound)?;
    match release.status.as_str() {
        "published" => Ok(Grant {
            file,
            release,
            license_id: None,
        }),
        "yanked" => Err(Refusal::Ineligible(Reason::Yanked)),
        _ => Err(Refusal::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(now: DateTime<Utc>) -> LinkClaims {
        LinkClaims {
            account_id: Uuid::now_v7(),
            file_id: Uuid::now_v7(),
            expires_at: DateTime::from_timestamp((now + LIFETIME).timestamp(), 0).unwrap(),
        }
    }

    #[test]
    fn a_link_works_until_it_expires_and_only_on_its_account() {
        let key = LinkKey::from_master(&MasterKey::generate());
        let now = Utc::now();
        let c = claims(now);
        let token = mint(&key, &c);
        assert_eq!(verify(&key, &token, c.account_id, now), Ok(c.clone()));
        let later = now + LIFETIME + Duration::seconds(1);
        assert_eq!(
            verify(&key, &token, c.account_id, later),
            Err(LinkError::Expired)
        );
        for when in [now, later] {
            assert_eq!(
                verify(&key, &token, Uuid::now_v7(), when),
                Err(LinkError::Tampered),
                "another portal's link, fresh or expired, reads as a forged one"
            );
        }
    }

    #[test]
    fn an_altered_or_foreign_token_is_tampered() {
        let key = LinkKey::from_master(&MasterKey::generate());
        let now = Utc::now();
        let c = claims(now);
        let token = mint(&key, &c);
        let other = LinkKey::from_master(&MasterKey::generate());
        assert_eq!(
            verify(&other, &token, c.account_id, now),
            Err(LinkError::Tampered)
        );
        // Push the expiry a year out: the MAC no longer matches.
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[39] ^= 0x40;
        let forged = URL_SAFE_NO_PAD.encode(&bytes);
        assert_eq!(
            verify(&key, &forged, c.account_id, now),
            Err(LinkError::Tampered)
        );
        for bad in ["", "abc", &token[..token.len() - 2], "%%%"] {
            assert_eq!(
                verify(&key, bad, c.account_id, now),
                Err(LinkError::Tampered)
            );
        }
        assert_eq!(format!("{key:?}"), "LinkKey([redacted])");
    }
}
