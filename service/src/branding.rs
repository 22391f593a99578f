//! Portal branding: portal name, logo, primary and accent colours, support email and URL,
//! login page text. Staff edit a draft (previewed live), then publish it for customers.
//!
//! Colours are validated `#rrggbb` values that pass WCAG AA (4.5:1) against white, and are
//! only ever applied as CSS custom properties, never as raw CSS.

pub mod image;
pub mod logo;
mod validate;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

pub use logo::Logo;
pub use validate::{AA_TEXT, contrast_ratio, hex_colour};

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::branding,
    principal::Principal,
};

/// One version of the branding; None = Keyport's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    /// Portal name shown in the header and on the sign-in page.
    pub portal_name: Option<String>,
    /// Primary colour, `#rrggbb`.
    pub primary: Option<String>,
    /// Accent colour, `#rrggbb`.
    pub accent: Option<String>,
    /// Support email.
    pub support_email: Option<String>,
    /// Support web address.
    pub support_url: Option<String>,
    /// Text on the sign-in page.
    pub login_text: Option<String>,
    /// The logo in the header and on the sign-in page.
    #[serde(default)]
    pub logo: Option<Logo>,
}

/// The draft and the published version, for the branding page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrandingVersions {
    /// What staff edit and preview.
    pub draft: Branding,
    /// What customers see.
    pub published: Branding,
    /// The draft differs from the published version.
    pub unpublished_changes: bool,
    /// Changes each time the row is saved (for reloading previews).
    pub version: i64,
}

/// The form as posted (empty strings mean "Keyport's default").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrandingInput {
    /// Portal name.
    pub portal_name: String,
    /// Primary colour.
    pub primary: String,
    /// Accent colour.
    pub accent: String,
    /// Support email.
    pub support_email: String,
    /// Support URL.
    pub support_url: String,
    /// Sign-in page text.
    pub login_text: String,
}

fn parse(text: Option<&str>) -> Branding {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// Both versions of an account's branding. The draft is for vendor staff only: a caller that
/// shows it checks [`may_see_draft`] (or uses [`view`], which does).
pub async fn versions<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<BrandingVersions> {
    let row = branding::Entity::find_by_id(account_id).one(conn).await?;
    Ok(match row {
        None => BrandingVersions::default(),
        Some(r) => {
            let draft = parse(Some(&r.draft));
            let published = parse(r.published.as_deref());
            BrandingVersions {
                unpublished_changes: draft != published,
                draft,
                published,
                version: r.updated_at.timestamp_millis(),
            }
        }
    })
}

/// The published branding of an account (what customers and the sign-in page show).
pub async fn published<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<Branding> {
    Ok(versions(conn, account_id).await?.published)
}

/// The name customers know the portal by, for emails: the published portal name, else the
/// vendor account's name.
pub async fn portal_name<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<String> {
    if let Some(name) = published(conn, account_id).await?.portal_name {
        return Ok(name);
    }
    Ok(crate::entities::account::Entity::find_by_id(account_id)
        .one(conn)
        .await?
        .map(|a| a.name)
        .unwrap_or_default())
}

/// Draft and published branding, for vendor staff; customers are refused.
pub async fn view(db: &Db, principal: &Principal) -> Result<BrandingVersions> {
    if !may_see_draft(principal) {
        return Err(ServiceError::Forbidden);
    }
    versions(db, principal.account_id()).await
}

/// Whether `principal` may see the draft: vendor staff (admin and support), never customers.
pub fn may_see_draft(principal: &Principal) -> bool {
    matches!(principal, Principal::Staff(_))
}

/// Checks and saves the draft; nothing changes when any field is refused.
pub async fn save_draft(
    db: &Db,
    principal: &Principal,
    input: BrandingInput,
    ip: Option<&str>,
) -> Result<BrandingVersions> {
    principal.require_vendor_admin()?;
    let mut e = validate::Errors::default();
    let draft = Branding {
        portal_name: validate::text(&mut e, "portal_name", &input.portal_name, 80),
        primary: validate::colour(&mut e, "primary", "The primary colour", &input.primary),
        accent: validate::colour(&mut e, "accent", "The accent colour", &input.accent),
        support_email: validate::email(&mut e, &input.support_email),
        support_url: validate::url(&mut e, &input.support_url),
        login_text: validate::text(&mut e, "login_text", &input.login_text, 1000),
        logo: None,
    };
    e.finish()?;
    // The logo has its own form (a multipart upload); saving the text fields keeps it.
    change(db, principal, "branding.draft.save", ip, |v| {
        v.draft = Branding {
            logo: v.draft.logo.take(),
            ..draft
        }
    })
    .await
}

/// Publishes the draft: customers see it on their next page.
pub async fn publish(db: &Db, principal: &Principal, ip: Option<&str>) -> Result<BrandingVersions> {
    change(db, principal, "branding.publish", ip, |v| {
        v.published = v.draft.clone();
    })
    .await
}

/// Drops the draft's changes (back to the published version).
pub async fn discard(db: &Db, principal: &Principal, ip: Option<&str>) -> Result<BrandingVersions> {
    change(db, principal, "branding.draft.discard", ip, |v| {
        v.draft = v.published.clone();
    })
    .await
}

async fn change(
    db: &Db,
    principal: &Principal,
    action: &str,
    ip: Option<&str>,
    edit: impl FnOnce(&mut BrandingVersions),
) -> Result<BrandingVersions> {
    change_with(db, principal, action, ip, None, edit).await
}

/// One audited change of the branding row, with the logo images kept in step: `new` is
/// stored, and images neither version refers to any more are deleted, in one transaction.
/// The audit holds each version's logo as hash, type and size, never the bytes.
async fn change_with(
    db: &Db,
    principal: &Principal,
    action: &str,
    ip: Option<&str>,
    new: Option<logo::NewImage>,
    edit: impl FnOnce(&mut BrandingVersions),
) -> Result<BrandingVersions> {
    principal.require_vendor_admin()?;
    let account_id = principal.account_id();
    let tx = db.begin().await?;
    let before = versions(&tx, account_id).await?;
    let mut after = before.clone();
    edit(&mut after);
    let now = Utc::now();
    branding::Entity::delete_by_id(account_id).exec(&tx).await?;
    branding::Entity::insert(branding::ActiveModel {
        account_id: Set(account_id),
        draft: Set(json!(after.draft).to_string()),
        published: Set(Some(json!(after.published).to_string())),
        updated_at: Set(now),
    })
    .exec_without_returning(&tx)
    .await?;
    crate::config_cache::changed(&tx, account_id).await?;
    logo::sync(&tx, account_id, new, &after).await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: None,
            action,
            target_type: "account",
            target_id: account_id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({
                "before": { "draft": before.draft, "published": before.published },
                "after": { "draft": after.draft, "published": after.published },
            }),
        },
    )
    .await?;
    tx.commit().await?;
    after.unpublished_changes = after.draft != after.published;
    after.version = now.timestamp_millis();
    Ok(after)
}
