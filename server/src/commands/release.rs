//! `keyport release publish|yank`, and opening the release store from its settings.

use std::path::Path;

use super::{CommandError, open_migrated};
use crate::cli::{PublishArgs, ReleaseCommand, StorageArgs};
use service::{
    Db,
    releases::{
        publish::{self, NewRelease},
        storage::ReleaseStore,
    },
};
use uuid::Uuid;

pub async fn run(cmd: ReleaseCommand) -> Result<(), CommandError> {
    match cmd {
        ReleaseCommand::Publish(args) => {
            let db = open_migrated(&args.store).await?;
            let store = open_store(&args.storage, &args.store.data_dir)?;
            let id = publish_files(&db, &store, &args).await?;
            println!("Published release {id}.");
            Ok(())
        }
        ReleaseCommand::Yank { store, account, id } => {
            let db = open_migrated(&store).await?;
            let account = account_id(&db, &account).await?;
            publish::yank(&db, account, id).await?;
            println!("Yanked release {id}.");
            Ok(())
        }
    }
}

/// The configured store: the S3 bucket when `KEYPORT_S3_BUCKET` is set, else a directory.
pub fn open_store(args: &StorageArgs, data_dir: &Path) -> Result<ReleaseStore, CommandError> {
    if let Some(bucket) = &args.s3_bucket {
        return s3(args, bucket);
    }
    let dir = args
        .storage_dir
        .clone()
        .unwrap_or_else(|| data_dir.join("files"));
    Ok(ReleaseStore::local(&dir)?)
}

#[cfg(feature = "s3")]
fn s3(args: &StorageArgs, bucket: &str) -> Result<ReleaseStore, CommandError> {
    let need = |v: &Option<String>, name: &str| {
        v.clone().ok_or_else(|| {
            CommandError::Config(format!("{name} is required with KEYPORT_S3_BUCKET."))
        })
    };
    let config = service::releases::storage::S3Config {
        bucket: bucket.to_owned(),
        region: args.s3_region.clone(),
        endpoint: args.s3_endpoint.clone(),
        access_key_id: need(&args.s3_access_key_id, "KEYPORT_S3_ACCESS_KEY_ID")?,
        secret_access_key: need(&args.s3_secret_access_key, "KEYPORT_S3_SECRET_ACCESS_KEY")?.into(),
    };
    Ok(ReleaseStore::s3(&config)?)
}

#[cfg(not(feature = "s3"))]
fn s3(_: &StorageArgs, _: &str) -> Result<ReleaseStore, CommandError> {
    Err(CommandError::Config(
        "KEYPORT_S3_BUCKET is set, but this keyport was built without the `s3` feature \
         (cargo build --features s3)."
            .into(),
    ))
}

async fn account_id(db: &Db, alias: &str) -> Result<Uuid, CommandError> {
    Ok(service::accounts::find_account(db, alias)
        .await?
        .ok_or_else(|| CommandError::Config(format!("There is no account \"{alias}\".")))?
        .id)
}

/// The CLI's publication: a draft, every file streamed in, then published. Any failure
/// discards the draft and the files already stored, so nothing is half-published.
pub async fn publish_files(
    db: &Db,
    store: &ReleaseStore,
    args: &PublishArgs,
) -> Result<Uuid, CommandError> {
    let account = account_id(db, &args.account).await?;
    let notes = match &args.notes {
        Some(path) => tokio::fs::read_to_string(path).await.map_err(|e| {
            CommandError::Config(format!("Cannot read the notes {}: {e}", path.display()))
        })?,
        None => String::new(),
    };
    let new = NewRelease {
        product: args.product.clone(),
        version: args.version.clone(),
        channel: args.channel.clone(),
        platform: args.platform.clone(),
        arch: args.arch.clone(),
        notes,
    };
    let draft = publish::create_draft(db, account, new).await?;
    let outcome = async {
        for path in &args.files {
            let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
                CommandError::Config(format!("{} is not a file.", path.display()))
            })?;
            let file = tokio::fs::File::open(path).await.map_err(|e| {
                CommandError::Config(format!("Cannot open {}: {e}", path.display()))
            })?;
            let body = tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024);
            publish::add_file(
                db,
                store,
                account,
                draft.id,
                name,
                body,
                args.storage.upload_max_bytes,
            )
            .await?;
        }
        publish::publish(db, account, draft.id).await?;
        Ok::<_, CommandError>(())
    }
    .await;
    if let Err(e) = outcome {
        if let Err(cleanup) = publish::discard_draft(db, store, account, draft.id).await {
            tracing::error!(error = %cleanup, release.id = %draft.id, "The failed draft could not be discarded.");
        }
        return Err(e);
    }
    Ok(draft.id)
}
