//! An offline upload waiting for its uploader's confirmation.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What an uploaded request file asks for, shown before the person confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineReview {
    /// The held upload's id (the confirm form sends it back).
    pub id: String,
    /// The license's id (links to its page).
    pub license_id: String,
    /// The license key, redacted (`KP-7Q2XM-…`).
    pub license_key: String,
    /// Product name.
    pub product_name: String,
    /// Machine host name.
    pub hostname: String,
    /// Machine operating system.
    pub os: String,
    /// Application version, when the request names one.
    pub app_version: Option<String>,
    /// First 12 hex characters of the machine fingerprint.
    pub fingerprint_prefix: String,
    /// When the machine made the request.
    pub created_at: Timestamp,
}

/// What a confirmed upload did, for the page that follows the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineDone {
    /// The upload's id (names the file to download again).
    pub id: String,
    /// The license's id (links to its page).
    pub license_id: String,
    /// The license key, redacted.
    pub license_key: String,
    /// Product name.
    pub product_name: String,
    /// Machine host name.
    pub hostname: String,
}

/// What an offline page shows: the vendor's words per product for making the file, and the
/// step the person is at. One type for the page's three steps: each data type of a page costs
/// its WASM module about 7-10 KB gzip (docs/wasm-size.md, item 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflinePage {
    /// `(product name, help)` of each visible product with offline help, by name.
    pub help: Vec<(String, String)>,
    /// Where the person is.
    pub step: OfflineStep,
}

/// The step of an offline page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfflineStep {
    /// Steps 1 and 2: make the file, upload it.
    Upload,
    /// Step 3: what the held upload asks for.
    Review(OfflineReview),
    /// Done: what was done, and the file to take away.
    Done(OfflineDone),
}
