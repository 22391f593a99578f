//! The eligibility table: one row per rule and per boundary.

use chrono::{DateTime, TimeZone, Utc};

use super::{Eligibility, LicenseTerms, Reason, ReleaseFacts, ReleaseStatus, eligibility};
use crate::{domain::Semver, entities::license};

fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

fn v(s: &str) -> Semver {
    Semver::parse(s).unwrap()
}

fn terms() -> LicenseTerms {
    LicenseTerms {
        status: "active".into(),
        expires_at: None,
        maintenance_expires_at: None,
        channels: vec!["stable".into()],
        max_version: None,
    }
}

fn release() -> ReleaseFacts {
    ReleaseFacts {
        version: v("2.4.1"),
        channel: "stable".into(),
        status: ReleaseStatus::Published,
        published_at: Some(day(2026, 5, 10)),
    }
}

/// A row: a name, how the license and release differ from the defaults, and the expected
/// customer-facing sentence (None = eligible).
type Row = (
    &'static str,
    fn(&mut LicenseTerms, &mut ReleaseFacts),
    Option<&'static str>,
);

const TABLE: &[Row] = &[
    ("defaults are eligible", |_, _| {}, None),
    (
        "suspended license",
        |t, _| t.status = "suspended".into(),
        Some("your license is suspended"),
    ),
    (
        "revoked license",
        |t, _| t.status = "revoked".into(),
        Some("your license is revoked"),
    ),
    (
        "unknown stored status",
        |t, _| t.status = "paused".into(),
        Some("your license is not active"),
    ),
    (
        "yanked release",
        |_, r| r.status = ReleaseStatus::Yanked,
        Some("this release was withdrawn by the vendor"),
    ),
    (
        "draft release",
        |_, r| {
            r.status = ReleaseStatus::Draft;
            r.published_at = None;
        },
        Some("this release is not published yet"),
    ),
    (
        "published without a date",
        |_, r| r.published_at = None,
        Some("this release is not published yet"),
    ),
    (
        "yanked wins over a revoked license",
        |t, r| {
            t.status = "revoked".into();
            r.status = ReleaseStatus::Yanked;
        },
        Some("this release was withdrawn by the vendor"),
    ),
    (
        "maintenance ended before the release",
        |t, _| t.maintenance_expires_at = Some(day(2026, 3, 1)),
        Some("your maintenance ended on 2026-03-01; this release is from 2026-05-10"),
    ),
    (
        "maintenance ends after the release",
        |t, _| t.maintenance_expires_at = Some(day(2026, 6, 1)),
        None,
    ),
    (
        "maintenance ends the instant of release",
        |t, r| t.maintenance_expires_at = r.published_at,
        Some("your maintenance ended on 2026-05-10; this release is from 2026-05-10"),
    ),
    (
        "maintenance ends one second after release",
        |t, r| {
            t.maintenance_expires_at = r.published_at.map(|at| at + chrono::Duration::seconds(1))
        },
        None,
    ),
    (
        "license ended before the release",
        |t, _| t.expires_at = Some(day(2026, 1, 31)),
        Some("your license ended on 2026-01-31; this release is from 2026-05-10"),
    ),
    (
        "expired license keeps older releases",
        |t, r| {
            t.expires_at = Some(day(2026, 6, 1));
            r.published_at = Some(day(2025, 12, 24));
        },
        None,
    ),
    (
        "license expiry reported before maintenance",
        |t, _| {
            t.expires_at = Some(day(2026, 2, 1));
            t.maintenance_expires_at = Some(day(2026, 1, 1));
        },
        Some("your license ended on 2026-02-01; this release is from 2026-05-10"),
    ),
    (
        "beta release on a stable license",
        |_, r| r.channel = "beta".into(),
        Some("your license includes the stable channel, not beta"),
    ),
    (
        "beta release on a stable+beta license",
        |t, r| {
            t.channels = vec!["stable".into(), "beta".into()];
            r.channel = "beta".into();
        },
        None,
    ),
    (
        "stable release on a beta-only license",
        |t, _| t.channels = vec!["beta".into()],
        Some("your license includes the beta channel, not stable"),
    ),
    (
        "nightly on a stable+beta license",
        |t, r| {
            t.channels = vec!["stable".into(), "beta".into()];
            r.channel = "nightly".into();
        },
        Some("your license includes the stable, beta channels, not nightly"),
    ),
    (
        "version equal to the cap",
        |t, _| t.max_version = Some(v("2.4.1")),
        None,
    ),
    (
        "version below the cap",
        |t, _| t.max_version = Some(v("2.9.0")),
        None,
    ),
    (
        "version above the cap",
        |t, _| t.max_version = Some(v("2.4.0")),
        Some("your license covers versions up to 2.4.0; this release is 2.4.1"),
    ),
    (
        "pre-release of the capped version is below it",
        |t, r| {
            t.max_version = Some(v("3.0.0"));
            r.version = v("3.0.0-rc.1");
        },
        None,
    ),
    (
        "semantic, not lexical, comparison",
        |t, r| {
            t.max_version = Some(v("2.9.0"));
            r.version = v("2.10.0");
        },
        Some("your license covers versions up to 2.9.0; this release is 2.10.0"),
    ),
    (
        "status wins over dates",
        |t, _| {
            t.status = "suspended".into();
            t.maintenance_expires_at = Some(day(2020, 1, 1));
        },
        Some("your license is suspended"),
    ),
    (
        "dates win over channel",
        |t, r| {
            t.maintenance_expires_at = Some(day(2026, 3, 1));
            r.channel = "beta".into();
        },
        Some("your maintenance ended on 2026-03-01; this release is from 2026-05-10"),
    ),
];

#[test]
fn the_eligibility_table() {
    assert!(TABLE.len() >= 20);
    for (name, change, expected) in TABLE {
        let (mut t, mut r) = (terms(), release());
        change(&mut t, &mut r);
        let got = eligibility(&t, &r);
        let got_text = got.reason().map(ToString::to_string);
        assert_eq!(got_text.as_deref(), *expected, "row: {name}");
        assert_eq!(got.is_eligible(), expected.is_none(), "row: {name}");
    }
}

fn stored(metadata: &str) -> license::Model {
    let now = day(2026, 1, 1);
    license::Model {
        id: uuid::Uuid::nil(),
        account_id: uuid::Uuid::nil(),
        product_id: uuid::Uuid::nil(),
        key: "KP-TEST".into(),
        owner_user_id: None,
        organization_id: None,
        status: "active".into(),
        expires_at: None,
        maintenance_expires_at: Some(day(2026, 3, 1)),
        allowed_activations: None,
        allowed_deactivations: None,
        activations_count: 0,
        deactivations_used: 0,
        offline_allowed: false,
        offline_lease_days: None,
        metadata: metadata.into(),
        created_at: now,
        updated_at: now,
        expiry_stage: 0,
    }
}

#[test]
fn terms_come_from_the_license_and_its_metadata() {
    let t = LicenseTerms::of(&stored(
        r#"{"release_channels":" Stable, beta ,","max_allowed_release_version":"2.9.0"}"#,
    ));
    assert_eq!(t.channels, ["stable", "beta"]);
    assert_eq!(t.max_version, Some(v("2.9.0")));
    assert_eq!(t.maintenance_expires_at, Some(day(2026, 3, 1)));

    for metadata in ["{}", "not json", r#"{"release_channels":" , "}"#] {
        let t = LicenseTerms::of(&stored(metadata));
        assert_eq!(t.channels, ["stable"], "{metadata}");
        assert_eq!(t.max_version, None, "{metadata}");
    }
}

#[test]
fn a_malformed_version_cap_grants_nothing() {
    let t = LicenseTerms::of(&stored(r#"{"max_allowed_release_version":"latest"}"#));
    let mut r = release();
    r.published_at = Some(day(2026, 2, 1));
    assert_eq!(
        eligibility(&t, &r),
        Eligibility::Ineligible(Reason::AboveMaxVersion {
            version: v("2.4.1"),
            max: v("0.0.0")
        })
    );
}
