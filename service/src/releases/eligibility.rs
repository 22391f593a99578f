//! Eligibility: may this license download this release? One pure function, no I/O.
//!
//! The rule (DESIGN.md section 3, Keygen's "released before expiry"): the license's stored
//! status is `active`; the release is published and was published before the license's
//! `expires_at` and `maintenance_expires_at` (when set); its channel is one the license allows
//! (`stable` unless the vendor set the `release_channels` metadata); its version is at most
//! `max_allowed_release_version` (metadata) when set. An expired license therefore keeps the
//! releases it was entitled to, which is what "perpetual fallback" licensing promises.

use chrono::{DateTime, Utc};

use crate::{domain::Semver, entities::license};

/// License metadata key: comma-separated channels the license may download.
pub const CHANNELS_KEY: &str = "release_channels";
/// License metadata key: the highest version the license may download.
pub const MAX_VERSION_KEY: &str = "max_allowed_release_version";
/// The channel every license may download when the vendor set nothing.
pub const DEFAULT_CHANNEL: &str = "stable";

/// What of a license decides eligibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseTerms {
    /// Stored status: `active`, `suspended`, `revoked`.
    pub status: String,
    /// End of the license.
    pub expires_at: Option<DateTime<Utc>>,
    /// End of maintenance.
    pub maintenance_expires_at: Option<DateTime<Utc>>,
    /// Allowed channels (never empty).
    pub channels: Vec<String>,
    /// Highest downloadable version, when capped.
    pub max_version: Option<Semver>,
}

impl LicenseTerms {
    /// The terms of a stored license. A `release_channels` value that names no channel falls
    /// back to `stable`; a `max_allowed_release_version` that is not a semantic version caps
    /// at `0.0.0`, so a typo grants nothing rather than everything.
    pub fn of(license: &license::Model) -> Self {
        let metadata: std::collections::BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&license.metadata).unwrap_or_default();
        let text = |key: &str| metadata.get(key).and_then(|v| v.as_str()).map(str::trim);
        let mut channels: Vec<String> = text(CHANNELS_KEY)
            .unwrap_or_default()
            .split(',')
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        if channels.is_empty() {
            channels.push(DEFAULT_CHANNEL.to_owned());
        }
        let max_version = text(MAX_VERSION_KEY)
            .filter(|v| !v.is_empty())
            .map(|v| Semver::parse(v).unwrap_or_else(|_| Semver::parse("0.0.0").expect("valid")));
        Self {
            status: license.status.clone(),
            expires_at: license.expires_at,
            maintenance_expires_at: license.maintenance_expires_at,
            channels,
            max_version,
        }
    }
}

/// A release's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseStatus {
    /// Being prepared; only staff see it.
    Draft,
    /// Visible and downloadable by eligible licenses.
    Published,
    /// Withdrawn: hidden from lists, never downloadable.
    Yanked,
}

/// What of a release decides eligibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseFacts {
    /// Version.
    pub version: Semver,
    /// Channel (`stable`, `beta`, ...), lower case.
    pub channel: String,
    /// Lifecycle.
    pub status: ReleaseStatus,
    /// Publication time (None for drafts).
    pub published_at: Option<DateTime<Utc>>,
}

/// Why a license may not download a release; `Display` is the sentence shown to the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The vendor withdrew the release.
    Yanked,
    /// The release is not published yet.
    NotPublished,
    /// The license is suspended.
    Suspended,
    /// The license is revoked.
    Revoked,
    /// The license's status is not one we know (treated as not active).
    NotActive,
    /// The license ended before the release came out.
    LicenseExpired {
        ended: DateTime<Utc>,
        released: DateTime<Utc>,
    },
    /// Maintenance ended before the release came out.
    MaintenanceEnded {
        ended: DateTime<Utc>,
        released: DateTime<Utc>,
    },
    /// The license does not include this channel.
    Channel {
        channel: String,
        allowed: Vec<String>,
    },
    /// The release is above the license's version cap.
    AboveMaxVersion { version: Semver, max: Semver },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let day = |d: &DateTime<Utc>| d.format("%Y-%m-%d").to_string();
        match self {
            Self::Yanked => f.write_str("this release was withdrawn by the vendor"),
            Self::NotPublished => f.write_str("this release is not published yet"),
            Self::Suspended => f.write_str("your license is suspended"),
            Self::Revoked => f.write_str("your license is revoked"),
            Self::NotActive => f.write_str("your license is not active"),
            Self::LicenseExpired { ended, released } => write!(
                f,
                "your license ended on {}; this release is from {}",
                day(ended),
                day(released)
            ),
            Self::MaintenanceEnded { ended, released } => write!(
                f,
                "your maintenance ended on {}; this release is from {}",
                day(ended),
                day(released)
            ),
            Self::Channel { channel, allowed } => write!(
                f,
                "your license includes the {} channel{}, not {channel}",
                allowed.join(", "),
                if allowed.len() == 1 { "" } else { "s" }
            ),
            Self::AboveMaxVersion { version, max } => write!(
                f,
                "your license covers versions up to {max}; this release is {version}"
            ),
        }
    }
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eligibility {
    /// May download.
    Eligible,
    /// May not, and why.
    Ineligible(Reason),
}

impl Eligibility {
    /// Whether the license may download.
    pub fn is_eligible(&self) -> bool {
        matches!(self, Self::Eligible)
    }

    /// The reason, when not eligible.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Self::Eligible => None,
            Self::Ineligible(reason) => Some(reason),
        }
    }
}

/// May a license with `terms` download `release`? Checks run in the order a customer can act
/// on: the release itself, then the license's status, dates, channel and version cap; the
/// first failing check is the reason.
pub fn eligibility(terms: &LicenseTerms, release: &ReleaseFacts) -> Eligibility {
    use Eligibility::Ineligible as No;
    let released = match (release.status, release.published_at) {
        (ReleaseStatus::Yanked, _) => return No(Reason::Yanked),
        (ReleaseStatus::Draft, _) | (ReleaseStatus::Published, None) => {
            return No(Reason::NotPublished);
        }
        (ReleaseStatus::Published, Some(at)) => at,
    };
    match terms.status.as_str() {
        "active" => {}
        "suspended" => return No(Reason::Suspended),
        "revoked" => return No(Reason::Revoked),
        _ => return No(Reason::NotActive),
    }
    if let Some(ended) = terms.expires_at.filter(|end| *end <= released) {
        return No(Reason::LicenseExpired { ended, released });
    }
    if let Some(ended) = terms.maintenance_expires_at.filter(|end| *end <= released) {
        return No(Reason::MaintenanceEnded { ended, released });
    }
    if !terms.channels.contains(&release.channel) {
        return No(Reason::Channel {
            channel: release.channel.clone(),
            allowed: terms.channels.clone(),
        });
    }
    if let Some(max) = terms
        .max_version
        .as_ref()
        .filter(|max| release.version > **max)
    {
        return No(Reason::AboveMaxVersion {
            version: release.version.clone(),
            max: max.clone(),
        });
    }
    Eligibility::Eligible
}

#[cfg(test)]
mod tests;
