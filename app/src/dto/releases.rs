//! Releases as the customer and vendor pages show them.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A file of a release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseFile {
    /// File id.
    pub id: Uuid,
    /// Download name.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256, hex.
    pub sha256: String,
    /// The download link, when the user may download it.
    pub download_url: Option<String>,
}

/// A release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// Release id.
    pub id: Uuid,
    /// Product name.
    pub product_name: String,
    /// Version.
    pub version: String,
    /// Channel.
    pub channel: String,
    /// Platform.
    pub platform: String,
    /// Architecture.
    pub arch: String,
    /// `draft`, `published` or `yanked`.
    pub status: String,
    /// Publication time.
    pub published_at: Option<Timestamp>,
    /// Sanitized HTML of the notes.
    pub notes_html: String,
    /// Files.
    pub files: Vec<ReleaseFile>,
    /// Whether one of the user's licenses may download it.
    pub eligible: bool,
    /// Why not, when not eligible.
    pub reason: Option<String>,
    /// The newest eligible release of its product, channel and platform.
    pub latest: bool,
}

/// The releases page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseList {
    /// Newest first within product, channel and platform.
    pub releases: Vec<Release>,
    /// Whether download buttons are shown.
    pub can_download: bool,
    /// The vendor's products, for the upload form (empty for customers).
    pub products: Vec<super::Named>,
    /// Whether the viewer may upload, publish and yank (vendor admins).
    pub can_manage: bool,
}

/// A signed download link, valid for five minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownloadLink {
    /// The path on the vendor's portal (`/downloads/signed/...`).
    pub path: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}
