//! Offline uploads: what a held upload asks for, before its uploader confirms it. The upload
//! and the confirmation are plain form posts to server routes (`server/src/offline_upload.rs`)
//! because one takes a file and the other answers one.

use crate::{
    AppError,
    dto::offline::{OfflineDone, OfflineReview},
};
use leptos::prelude::*;

/// The held upload `id` of the signed-in user, checked again against the license as it is
/// now. `deactivation` picks the kind of file. Anyone else's upload, an expired one, and one
/// of the other kind answer `NotFound`, like an id that never existed.
#[server(prefix = "/rpc", endpoint = "get_offline_review")]
pub async fn get_offline_review(deactivation: bool, id: String) -> Result<OfflineReview, AppError> {
    use service::offline;

    let s = super::context::signed_in()?;
    let kind = kind(deactivation);
    if !s.principal.can(kind.permission()) {
        return Err(AppError::Forbidden);
    }
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let staged = offline::review(&s.state.db, &s.principal, kind, id).await?;
    let p = staged.preview;
    Ok(OfflineReview {
        id: staged.id.to_string(),
        license_id: p.license_id.to_string(),
        license_key: p.license_key,
        product_name: p.product_name,
        hostname: p.hostname,
        os: p.os,
        app_version: p.app_version,
        fingerprint_prefix: p.fingerprint_prefix,
        created_at: p.created_at.into(),
    })
}

#[cfg(feature = "ssr")]
fn kind(deactivation: bool) -> service::offline::UploadKind {
    use service::offline::UploadKind;
    if deactivation {
        UploadKind::Deactivation
    } else {
        UploadKind::Activation
    }
}

/// What the signed-in user's confirmed upload `id` did, while it is held (its file can be
/// downloaded again meanwhile). Anyone else's, an unconfirmed and an expired upload answer
/// `NotFound`.
#[server(prefix = "/rpc", endpoint = "get_offline_done")]
pub async fn get_offline_done(deactivation: bool, id: String) -> Result<OfflineDone, AppError> {
    let s = super::context::signed_in()?;
    let kind = kind(deactivation);
    if !s.principal.can(kind.permission()) {
        return Err(AppError::Forbidden);
    }
    let uuid = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let done = service::offline::answer(&s.state.db, &s.principal, kind, uuid)
        .await?
        .done;
    Ok(OfflineDone {
        id: uuid.to_string(),
        license_id: done.license_id.to_string(),
        license_key: done.license_key,
        product_name: done.product_name,
        hostname: done.hostname,
    })
}

/// The vendor's words for making the request file, per visible product that has them:
/// `(product name, help)`, by name.
#[server(prefix = "/rpc", endpoint = "get_offline_help")]
pub async fn get_offline_help() -> Result<Vec<(String, String)>, AppError> {
    let s = super::context::signed_in()?;
    Ok(service::products::offline_help(&s.state.db, &s.principal).await?)
}
