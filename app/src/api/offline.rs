//! Offline uploads: the offline pages' data (the products' help, what a held upload asks for,
//! what a confirmed one did). The upload, the confirmation and the download are plain form
//! posts and a link to server routes (`server/src/offline_upload.rs`) because they take or
//! answer a file.

use crate::{AppError, dto::offline::OfflinePage};
use leptos::prelude::*;

/// An offline page's data for the signed-in user: the products' offline help and the step.
/// `review` names a held upload (checked again against the license as it is now), `done` a
/// confirmed one (while it is held; its file can be downloaded again meanwhile); neither, the
/// upload form. `deactivation` picks the kind of file. Anyone else's upload, an expired one
/// and one of the other kind answer `NotFound`, like an id that never existed.
#[server(prefix = "/rpc", endpoint = "get_offline_page")]
pub async fn get_offline_page(
    deactivation: bool,
    review: String,
    done: String,
) -> Result<OfflinePage, AppError> {
    use crate::dto::offline::{OfflineDone, OfflineReview, OfflineStep};
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
    let id = |id: &str| uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound);
    let step = if !done.is_empty() {
        let id = id(&done)?;
        let d = offline::answer(&s.state.db, &s.principal, kind, id)
            .await?
            .done;
        OfflineStep::Done(OfflineDone {
            id: id.to_string(),
            license_id: d.license_id.to_string(),
            license_key: d.license_key,
            product_name: d.product_name,
            hostname: d.hostname,
        })
    } else if !review.is_empty() {
        let staged = offline::review(&s.state.db, &s.principal, kind, id(&review)?).await?;
        let p = staged.preview;
        OfflineStep::Review(OfflineReview {
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
    } else {
        OfflineStep::Upload
    };
    let help = service::products::offline_help(&s.state.db, &s.principal).await?;
    Ok(OfflinePage { help, step })
}
