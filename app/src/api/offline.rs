//! Offline uploads: what a held upload asks for, before its uploader confirms it. The upload
//! and the confirmation are plain form posts to server routes (`server/src/offline_upload.rs`)
//! because one takes a file and the other answers one.

use crate::{AppError, dto::offline::OfflineReview};
use leptos::prelude::*;

/// The held upload `id` of the signed-in user, checked again against the license as it is
/// now. `deactivation` picks the kind of file. Anyone else's upload, an expired one, and one
/// of the other kind answer `NotFound`, like an id that never existed.
#[server(prefix = "/rpc", endpoint = "get_offline_review")]
pub async fn get_offline_review(deactivation: bool, id: String) -> Result<OfflineReview, AppError> {
    use service::offline::{self, UploadKind};

    let s = super::context::signed_in()?;
    let kind = if deactivation {
        UploadKind::Deactivation
    } else {
        UploadKind::Activation
    };
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
