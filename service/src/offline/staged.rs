//! The two steps of a portal upload: the file is checked and held ([`stage`]), its uploader
//! sees what it asks for ([`review`]) and then confirms it ([`confirm`]), which activates or
//! deactivates and answers the signed file.
//!
//! The file is held in the database, not in the page, so the same steps work with a plain
//! form and no JavaScript: the review page names the upload by its random id, and only the
//! person who uploaded it can see or confirm it, for [`HOLD`].

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use tracing::instrument;
use uuid::Uuid;

use super::{
    OfflineFile, OfflinePreview, OfflineRules, activate_offline, bad_file, deactivate_offline,
    preview_activation, preview_deactivation,
};
use crate::{
    Db, Principal, Result, Scope, ServiceError, crypto::MasterKey, entities::offline_upload,
    permissions::Permission, portal,
};

/// How long an upload waits for its confirmation.
pub const HOLD: Duration = Duration::minutes(30);

/// Which file an upload carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// An activation request (`keyport-activate offline-request`).
    Activation,
    /// A deactivation request (`keyport-activate offline-deactivate`).
    Deactivation,
}

impl UploadKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Activation => "activate",
            Self::Deactivation => "deactivate",
        }
    }

    /// The permission the uploader needs.
    pub fn permission(self) -> Permission {
        match self {
            Self::Activation => Permission::OfflineActivate,
            Self::Deactivation => Permission::OfflineDeactivate,
        }
    }
}

/// What a confirmed upload did, for the page that follows the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfflineDone {
    /// The license concerned.
    pub license_id: Uuid,
    /// Its key, redacted (`KP-7Q2XM-…`).
    pub license_key: String,
    /// Product name.
    pub product_name: String,
    /// Machine host name.
    pub hostname: String,
}

/// An upload waiting for its uploader's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedUpload {
    /// Its id (random; the review page's address names it).
    pub id: Uuid,
    /// What the file asks for.
    pub preview: OfflinePreview,
}

/// The age limits of the account's uploads: its maximum age (portal settings) and the
/// default clock skew.
pub async fn rules_for(db: &Db, account_id: Uuid) -> Result<OfflineRules> {
    let settings = portal::settings(db, account_id).await?;
    Ok(OfflineRules {
        max_age: Duration::days(settings.offline_max_age_days.into()),
        ..OfflineRules::default()
    })
}

fn require(principal: &Principal, kind: UploadKind) -> Result<()> {
    if principal.can(kind.permission()) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

async fn preview(
    db: &Db,
    scope: &Scope,
    kind: UploadKind,
    file: &[u8],
    rules: OfflineRules,
) -> Result<OfflinePreview> {
    match kind {
        UploadKind::Activation => preview_activation(db, scope, file, rules).await,
        UploadKind::Deactivation => preview_deactivation(db, scope, file, rules).await,
    }
}

/// Checks an uploaded file exactly as confirming it would (a refused file is refused now,
/// and nothing is kept) and holds it for its uploader.
#[instrument(skip_all, fields(account.id = %principal.account_id()))]
pub async fn stage(
    db: &Db,
    principal: &Principal,
    kind: UploadKind,
    file: &[u8],
) -> Result<StagedUpload> {
    require(principal, kind)?;
    let rules = rules_for(db, principal.account_id()).await?;
    let preview = preview(db, &Scope::of(principal), kind, file, rules).await?;
    // A file that passed the checks is ASCII armour.
    let body =
        String::from_utf8(file.to_vec()).map_err(|_| bad_file(sdk::ProtocolError::NotText))?;
    let now = Utc::now();
    offline_upload::Entity::delete_many()
        .filter(offline_upload::Column::UserId.eq(principal.user_id()))
        .filter(offline_upload::Column::CreatedAt.lt(now - HOLD))
        .exec(db)
        .await?;
    let id = Uuid::new_v4();
    offline_upload::Entity::insert(offline_upload::ActiveModel {
        id: Set(id),
        account_id: Set(principal.account_id()),
        user_id: Set(principal.user_id()),
        kind: Set(kind.as_str().to_owned()),
        body: Set(body),
        created_at: Set(now),
        answer: Set(None),
        answer_name: Set(None),
        done: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(StagedUpload { id, preview })
}

/// The upload `id` of this principal, confirmed (`Some(answer)`) or not, or `NotFound`
/// (someone else's, expired, or of the other kind: all answer alike).
async fn upload(
    db: &Db,
    principal: &Principal,
    kind: UploadKind,
    id: Uuid,
    confirmed: bool,
) -> Result<offline_upload::Model> {
    let answer = offline_upload::Column::Answer;
    offline_upload::Entity::find_by_id(id)
        .filter(offline_upload::Column::AccountId.eq(principal.account_id()))
        .filter(offline_upload::Column::UserId.eq(principal.user_id()))
        .filter(offline_upload::Column::Kind.eq(kind.as_str()))
        .filter(offline_upload::Column::CreatedAt.gte(Utc::now() - HOLD))
        .filter(if confirmed {
            answer.is_not_null()
        } else {
            answer.is_null()
        })
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The held upload `id` of this principal, not yet confirmed, or `NotFound`.
async fn held(
    db: &Db,
    principal: &Principal,
    kind: UploadKind,
    id: Uuid,
) -> Result<offline_upload::Model> {
    upload(db, principal, kind, id, false).await
}

/// What a held upload asks for, checked again against the license as it is now.
pub async fn review(
    db: &Db,
    principal: &Principal,
    kind: UploadKind,
    id: Uuid,
) -> Result<StagedUpload> {
    require(principal, kind)?;
    let row = held(db, principal, kind, id).await?;
    let rules = rules_for(db, principal.account_id()).await?;
    let preview = preview(db, &Scope::of(principal), kind, row.body.as_bytes(), rules).await?;
    Ok(StagedUpload { id, preview })
}

/// Confirms a held upload: activates (or deactivates) and answers the signed file. The
/// upload keeps the file and what it did until its hold ends, for the page that follows
/// ([`answer`]); it cannot be confirmed twice, and confirming an activation again would be
/// harmless anyway (the same request answers the same response).
#[instrument(skip_all, fields(account.id = %principal.account_id()))]
pub async fn confirm(
    db: &Db,
    master: &MasterKey,
    principal: &Principal,
    kind: UploadKind,
    id: Uuid,
    ip: Option<&str>,
) -> Result<OfflineFile> {
    require(principal, kind)?;
    let row = held(db, principal, kind, id).await?;
    let rules = rules_for(db, principal.account_id()).await?;
    let file = row.body.as_bytes();
    // What it asks for, read before the seat changes (a freed seat previews no more).
    let asked = preview(db, &Scope::of(principal), kind, file, rules).await?;
    let answer = match kind {
        UploadKind::Activation => activate_offline(db, master, principal, file, rules, ip).await?,
        UploadKind::Deactivation => {
            deactivate_offline(db, master, principal, file, rules, ip).await?
        }
    };
    let done = OfflineDone {
        license_id: asked.license_id,
        license_key: asked.license_key,
        product_name: asked.product_name,
        hostname: asked.hostname,
    };
    offline_upload::Entity::update_many()
        .col_expr(
            offline_upload::Column::Answer,
            Expr::value(answer.contents.clone()),
        )
        .col_expr(
            offline_upload::Column::AnswerName,
            Expr::value(answer.filename.clone()),
        )
        .col_expr(
            offline_upload::Column::Done,
            Expr::value(
                serde_json::to_string(&done).map_err(|e| ServiceError::Internal(e.to_string()))?,
            ),
        )
        .filter(offline_upload::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(answer)
}

/// A confirmed upload's answer: what it did and the signed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineAnswer {
    /// What the confirmation did.
    pub done: OfflineDone,
    /// The file's name, without the portal's name in front.
    pub filename: String,
    /// The armoured file.
    pub contents: String,
}

/// A confirmed upload of this principal, while it is held: what it did and the signed file it
/// answered, to download again. `NotFound` for anyone else's, an unconfirmed or an expired one.
pub async fn answer(
    db: &Db,
    principal: &Principal,
    kind: UploadKind,
    id: Uuid,
) -> Result<OfflineAnswer> {
    require(principal, kind)?;
    let row = upload(db, principal, kind, id, true).await?;
    let (Some(contents), Some(filename), Some(done)) = (row.answer, row.answer_name, row.done)
    else {
        return Err(ServiceError::NotFound);
    };
    let done = serde_json::from_str(&done).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(OfflineAnswer {
        done,
        filename,
        contents,
    })
}
