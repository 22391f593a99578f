//! From `service` read models to the DTOs sent to the browser (ssr only).

use crate::dto;
use service::{
    Principal, dashboard,
    licenses::{self, LicenseStatus},
    tenancy::AccountInfo,
};

pub fn status(s: LicenseStatus) -> dto::LicenseStatus {
    match s {
        LicenseStatus::Active => dto::LicenseStatus::Active,
        LicenseStatus::Suspended => dto::LicenseStatus::Suspended,
        LicenseStatus::Revoked => dto::LicenseStatus::Revoked,
        LicenseStatus::Expired => dto::LicenseStatus::Expired,
    }
}

pub fn status_filter(s: dto::LicenseStatus) -> LicenseStatus {
    match s {
        dto::LicenseStatus::Active => LicenseStatus::Active,
        dto::LicenseStatus::Suspended => LicenseStatus::Suspended,
        dto::LicenseStatus::Revoked => LicenseStatus::Revoked,
        dto::LicenseStatus::Expired => LicenseStatus::Expired,
    }
}

pub fn current_user(p: &Principal, account: &AccountInfo) -> dto::CurrentUser {
    use service::permissions::Permission;
    let (can_offline_activate, can_offline_deactivate, can_deactivate_machines) = (
        p.can(Permission::OfflineActivate),
        p.can(Permission::OfflineDeactivate),
        p.can(Permission::MachinesDeactivate),
    );
    match p {
        Principal::Staff(s) => dto::CurrentUser {
            id: s.user_id,
            name: format!("{} {}", s.first_name, s.last_name),
            email: s.email.clone(),
            is_staff: true,
            role_label: match s.role {
                service::permissions::StaffRole::Admin => "Vendor admin".to_owned(),
                service::permissions::StaffRole::Support => "Vendor support".to_owned(),
            },
            organization_name: None,
            portal_name: account.name.clone(),
            can_offline_activate,
            can_offline_deactivate,
            can_deactivate_machines,
            is_admin: s.role == service::permissions::StaffRole::Admin,
            permissions: permission_ids(p),
            viewed_by: None,
        },
        Principal::Customer(c) => dto::CurrentUser {
            id: c.user_id,
            name: format!("{} {}", c.first_name, c.last_name),
            email: c.email.clone(),
            is_staff: false,
            role_label: c.role.label().to_owned(),
            organization_name: c.organization_name.clone(),
            portal_name: account.name.clone(),
            can_offline_activate,
            can_offline_deactivate,
            can_deactivate_machines,
            is_admin: false,
            permissions: permission_ids(p),
            viewed_by: c.viewed_by.map(|_| "vendor staff".to_owned()),
        },
    }
}

fn permission_ids(p: &Principal) -> Vec<String> {
    service::permissions::Permission::ALL
        .into_iter()
        .filter(|q| p.can(*q))
        .map(|q| q.id().to_owned())
        .collect()
}

pub fn license_row(r: licenses::LicenseRow) -> dto::LicenseRow {
    dto::LicenseRow {
        id: r.id,
        key: r.key,
        product_name: r.product_name,
        status: status(r.status),
        expires_at: r.expires_at.map(Into::into),
        activations: r.activations,
        allowed_activations: r.allowed_activations,
        owner: r.owner,
        groups: r.groups,
    }
}

pub fn named(id: uuid::Uuid, name: String) -> dto::Named {
    dto::Named { id, name }
}

pub fn license_detail(d: licenses::LicenseDetail) -> dto::LicenseDetail {
    dto::LicenseDetail {
        maintenance_expires_at: d.row.maintenance_expires_at.map(Into::into),
        row: license_row(d.row),
        deactivations_used: d.deactivations_used,
        allowed_deactivations: d.allowed_deactivations,
        offline_allowed: d.offline_allowed,
        offline_lease_days: d.offline_lease_days,
        metadata: d.metadata,
        linked_groups: d
            .linked_groups
            .into_iter()
            .map(|g| named(g.id, g.name))
            .collect(),
        machines: d
            .machines
            .into_iter()
            .map(|m| dto::Machine {
                id: m.id,
                hostname: m.hostname,
                os: m.os,
                fingerprint_prefix: m.fingerprint_prefix,
                mode: m.mode,
                activated_at: m.activated_at.into(),
                last_seen_at: m.last_seen_at.into(),
            })
            .collect(),
        machines_next: d.machines_next,
        manage: None,
    }
}

pub fn counts(c: dashboard::StatusCounts) -> dto::StatusCounts {
    dto::StatusCounts {
        active: c.active,
        suspended: c.suspended,
        revoked: c.revoked,
        expired: c.expired,
        expiring_soon: c.expiring_soon,
    }
}

pub fn customer_dashboard(
    d: dashboard::CustomerDashboard,
    organization_overview: Option<String>,
) -> dto::CustomerDashboard {
    dto::CustomerDashboard {
        organization_overview,
        counts: counts(d.counts),
        activations_used: d.activations_used,
        activations_allowed: d.activations_allowed,
        expiring_soon: d.expiring_soon.into_iter().map(license_row).collect(),
        recent_activations: d
            .recent_activations
            .into_iter()
            .map(|a| dto::RecentActivation {
                license_id: a.license_id,
                product_name: a.product_name,
                hostname: a.hostname,
                os: a.os,
                activated_at: a.activated_at.into(),
            })
            .collect(),
        licenses: d.licenses.into_iter().map(license_row).collect(),
    }
}

/// Parses an optional id from a form or query; blank means none.
pub fn optional_id(
    value: Option<String>,
    field: &str,
    message: &str,
) -> Result<Option<uuid::Uuid>, crate::AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => uuid::Uuid::parse_str(v)
            .map(Some)
            .map_err(|_| crate::AppError::invalid(field, message)),
    }
}

/// A release entry as the pages show it; download links only when `can_download` and a
/// license grants it.
pub fn release(e: service::releases::catalog::ReleaseEntry, can_download: bool) -> dto::Release {
    let grant = e.license_id.filter(|_| can_download);
    dto::Release {
        id: e.id,
        product_name: e.product_name,
        version: e.version,
        channel: e.channel,
        platform: e.platform,
        arch: e.arch,
        status: e.status,
        published_at: e.published_at.map(Into::into),
        notes_html: e.notes_html,
        files: e
            .files
            .into_iter()
            .map(|f| dto::ReleaseFile {
                id: f.id,
                download_url: grant.map(|l| format!("/downloads/{l}/{}", f.id)),
                name: f.name,
                size: f.size,
                sha256: f.sha256,
            })
            .collect(),
        eligible: e.license_id.is_some(),
        reason: e.reason,
        latest: e.latest,
    }
}

/// Whether the principal is a vendor admin (who manages releases and licenses; support staff
/// read).
pub fn is_vendor_admin(p: &service::Principal) -> bool {
    matches!(p, service::Principal::Staff(s) if s.role == service::permissions::StaffRole::Admin)
}

/// Where a group/license link form returns: the license page or the groups page.
pub fn back_to(back: &str, license_id: uuid::Uuid, saved: &str) -> String {
    if back == "license" {
        format!("/licenses/{license_id}?saved={saved}")
    } else {
        format!("/org/groups?saved={saved}")
    }
}

/// An optional id typed in a form: empty is None, anything else must be a UUID.
pub fn parse_id(s: &str, field: &str) -> Result<Option<uuid::Uuid>, crate::AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| crate::AppError::invalid(field, "Choose from the list.")),
    }
}

/// An optional `YYYY-MM-DD` as the UTC midnight `plus_days` later.
pub fn parse_day(
    s: &str,
    field: &str,
    plus_days: i64,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, crate::AppError> {
    match s.trim() {
        "" => Ok(None),
        v => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Some(t.and_utc() + chrono::Duration::days(plus_days)))
            .ok_or_else(|| crate::AppError::invalid(field, "Enter a date as YYYY-MM-DD.")),
    }
}

/// A limit typed in the form: blank is unlimited (None), else a whole number >= 0.
pub fn limit(s: &str, field: &str) -> Result<Option<i64>, crate::AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=1_000_000).contains(n))
            .map(Some)
            .ok_or_else(|| {
                crate::AppError::invalid(field, "Enter a whole number from 0, or leave it blank.")
            }),
    }
}

/// `key=value` lines; blank lines are skipped.
pub fn metadata_lines(s: &str) -> Result<Vec<(String, String)>, crate::AppError> {
    let mut out = vec![];
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((k, v)) = line.split_once('=') else {
            return Err(crate::AppError::invalid(
                "metadata",
                "Write one key=value per line.",
            ));
        };
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty() || k.len() > 64 || v.len() > 512 {
            return Err(crate::AppError::invalid(
                "metadata",
                "Keys are 1 to 64 characters and values at most 512.",
            ));
        }
        out.push((k.to_owned(), v.to_owned()));
    }
    if out.len() > 50 {
        return Err(crate::AppError::invalid(
            "metadata",
            "At most 50 metadata entries.",
        ));
    }
    Ok(out)
}
