//! Where release bytes live: one interface over `object_store` (a local directory by default,
//! an S3-compatible bucket with the `s3` feature). Keys are generated here, never taken from
//! an uploaded file name.

use std::{ops::Range, sync::Arc};

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt, stream::BoxStream};
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart, path::Path};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Result, ServiceError};

/// S3-compatible bucket settings (`KEYPORT_S3_*`).
#[derive(Debug, Clone)]
pub struct S3Config {
    /// Bucket name.
    pub bucket: String,
    /// Region (any value for most S3-compatible servers).
    pub region: String,
    /// Endpoint URL for S3-compatible servers (MinIO, R2, ...); None for AWS.
    pub endpoint: Option<String>,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: secrecy::SecretString,
}

/// The release file store.
#[derive(Clone)]
pub struct ReleaseStore {
    inner: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for ReleaseStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReleaseStore({})", self.inner)
    }
}

/// What a finished upload wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The object key.
    pub key: String,
    /// Bytes written.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex, computed while streaming.
    pub sha256: String,
}

/// Why an upload failed.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The body was larger than the cap.
    #[error("the file is larger than {cap} bytes")]
    TooLarge {
        /// The cap in bytes.
        cap: u64,
    },
    /// The body stream failed (client went away, disk error reading the source).
    #[error("the upload was interrupted: {0}")]
    Interrupted(std::io::Error),
    /// The store failed.
    #[error("storage error: {0}")]
    Store(#[from] object_store::Error),
}

impl ReleaseStore {
    /// A store in a local directory, created when missing.
    pub fn local(dir: &std::path::Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ServiceError::Internal(format!("cannot create {}: {e}", dir.display())))?;
        let fs = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .with_automatic_cleanup(true);
        Ok(Self {
            inner: Arc::new(fs),
        })
    }

    /// A store in memory (tests).
    pub fn in_memory() -> Self {
        Self {
            inner: Arc::new(object_store::memory::InMemory::new()),
        }
    }

    /// An S3-compatible bucket.
    #[cfg(feature = "s3")]
    pub fn s3(config: &S3Config) -> Result<Self> {
        use secrecy::ExposeSecret;
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(config.secret_access_key.expose_secret());
        if let Some(endpoint) = &config.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(true);
        }
        let s3 = builder
            .build()
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(s3),
        })
    }

    /// A fresh, server-generated key for a file of `account`.
    pub fn new_key(account_id: Uuid) -> String {
        format!("releases/{account_id}/{}", Uuid::now_v7())
    }

    /// Streams `body` to `key`, hashing as it goes, refusing more than `cap` bytes. On any
    /// failure the partial object is aborted, so nothing half-written becomes visible.
    pub async fn put_stream<S, E>(
        &self,
        key: &str,
        body: S,
        cap: u64,
    ) -> std::result::Result<Stored, UploadError>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send,
        E: Into<std::io::Error>,
    {
        let upload = self.inner.put_multipart(&Path::from(key)).await?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut body = std::pin::pin!(body);
        let failure = loop {
            let chunk = match body.next().await {
                None => break None,
                Some(Err(e)) => break Some(UploadError::Interrupted(e.into())),
                Some(Ok(chunk)) => chunk,
            };
            size += chunk.len() as u64;
            if size > cap {
                break Some(UploadError::TooLarge { cap });
            }
            hasher.update(&chunk);
            // Bounded memory: at most two parts in flight before reading on.
            if let Err(e) = writer.wait_for_capacity(2).await {
                break Some(e.into());
            }
            writer.put(chunk);
        };
        if let Some(failure) = failure {
            if let Err(e) = writer.abort().await {
                tracing::warn!(error = %e, "An aborted upload left parts behind.");
            }
            return Err(failure);
        }
        writer.finish().await?;
        Ok(Stored {
            key: key.to_owned(),
            size,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// The bytes of `key` in `range` (all when None), as a stream of chunks.
    pub async fn get(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<BoxStream<'static, std::io::Result<Bytes>>> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let got = self
            .inner
            .get_opts(&Path::from(key), options)
            .await
            .map_err(|e| match e {
                object_store::Error::NotFound { .. } => ServiceError::NotFound,
                e => ServiceError::Internal(e.to_string()),
            })?;
        Ok(got
            .into_stream()
            .map_err(|e| std::io::Error::other(e.to_string()))
            .boxed())
    }

    /// Removes `key` (missing is fine).
    pub async fn delete(&self, key: &str) -> Result<()> {
        match self.inner.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(ServiceError::Internal(e.to_string())),
        }
    }
}
