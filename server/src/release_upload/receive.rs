//! Reading the upload form: the text fields, then each file streamed into a draft release.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use axum::{
    extract::{Multipart, multipart::Field},
    http::StatusCode,
};
use futures_util::TryStreamExt;
use service::releases::publish::{self, NewRelease};
use uuid::Uuid;

use super::{
    Published,
    reply::{Refused, size},
};
use crate::downloads::Releases;

/// Text fields are small; notes are capped at 100 000 characters by the service.
const TEXT_LIMIT: usize = 128 * 1024;
/// A release with more files than this is refused (each file is capped on its own).
const MAX_FILES: usize = 32;

/// Reads the form: the draft once the text fields are in, each file into it, then publishes;
/// on any failure after the draft exists, discards it.
pub async fn receive(
    releases: &Releases,
    account_id: Uuid,
    mut form: Multipart,
) -> Result<Published, Refused> {
    let mut new = NewRelease {
        product: String::new(),
        version: String::new(),
        channel: "stable".into(),
        platform: String::new(),
        arch: String::new(),
        notes: String::new(),
    };
    let mut draft: Option<(Uuid, String)> = None;
    let mut files = Vec::new();
    let outcome = async {
        while let Some(field) = form.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "files" {
                // A file input left empty still sends a part, without a file name.
                let Some(file_name) = field.file_name().map(str::to_owned) else {
                    continue;
                };
                if file_name.is_empty() {
                    continue;
                }
                if files.len() == MAX_FILES {
                    return Err(Refused::invalid(format!(
                        "A release holds at most {MAX_FILES} files."
                    )));
                }
                let id = match &draft {
                    Some((id, _)) => *id,
                    None => {
                        let made =
                            publish::create_draft(&releases.db, account_id, new.clone()).await?;
                        draft = Some((made.id, made.version));
                        made.id
                    }
                };
                let stored = store_file(releases, account_id, id, &file_name, field).await?;
                files.push((stored.name, stored.size));
                continue;
            }
            let value = text(field).await?;
            match name.as_str() {
                "product" => new.product = value,
                "version" => new.version = value,
                "channel" if !value.trim().is_empty() => new.channel = value,
                "platform" => new.platform = value,
                "arch" => new.arch = value,
                "notes" => new.notes = value,
                _ => {}
            }
        }
        let Some((id, version)) = draft.clone() else {
            // The other fields' errors are the more useful ones, so check them first; a draft
            // made by the check is discarded below like any other.
            let made = publish::create_draft(&releases.db, account_id, new.clone()).await?;
            draft = Some((made.id, made.version));
            return Err(Refused::invalid("Choose at least one file to upload."));
        };
        publish::publish(&releases.db, account_id, id).await?;
        let product = publish::product_name(&releases.db, account_id, id).await?;
        Ok(Published {
            id,
            product,
            version,
            files: std::mem::take(&mut files),
        })
    }
    .await;
    if outcome.is_err() {
        discard(releases, account_id, draft.as_ref().map(|d| d.0)).await;
    }
    outcome
}

async fn discard(releases: &Releases, account_id: Uuid, draft: Option<Uuid>) {
    let Some(id) = draft else { return };
    if let Err(e) = publish::discard_draft(&releases.db, &releases.store, account_id, id).await {
        tracing::error!(error = %e, release.id = %id, "A refused upload's draft could not be discarded.");
    }
}

fn unreadable(e: axum::extract::multipart::MultipartError) -> Refused {
    tracing::info!(error = %e, "A release upload could not be read.");
    Refused::invalid("The upload was interrupted or malformed; nothing was published.")
}

/// A text field, refused past [`TEXT_LIMIT`] instead of being read whole.
async fn text(mut field: Field<'_>) -> Result<String, Refused> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        if bytes.len() + chunk.len() > TEXT_LIMIT {
            return Err(Refused::invalid("The notes are too long."));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| Refused::invalid("The form fields must be UTF-8 text."))
}

/// Streams one file into the draft; a file over the cap is a 413.
async fn store_file(
    releases: &Releases,
    account_id: Uuid,
    draft: Uuid,
    name: &str,
    field: Field<'_>,
) -> Result<service::entities::release_file::Model, Refused> {
    let cap = releases.upload_max_bytes;
    let seen = Arc::new(AtomicU64::new(0));
    let counter = seen.clone();
    let body = field
        .inspect_ok(move |chunk| {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        })
        .map_err(std::io::Error::other);
    let stored = publish::add_file(
        &releases.db,
        &releases.store,
        account_id,
        draft,
        name,
        body,
        cap,
    )
    .await;
    match stored {
        Ok(file) => Ok(file),
        Err(_) if seen.load(Ordering::Relaxed) > cap => Err(Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The file {name} is larger than the upload limit of {}; nothing was published.",
                size(cap)
            ),
        )),
        Err(e) => Err(e.into()),
    }
}
