//! Parsing the audit filter from form or query strings (ssr only; shared with the CSV route).

use crate::AppError;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use service::audit::AuditFilter;
use uuid::Uuid;

fn some(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// An optional id; a malformed one is a field error.
pub fn uuid(field: &str, v: Option<String>) -> Result<Option<Uuid>, AppError> {
    some(v)
        .map(|s| {
            Uuid::parse_str(&s).map_err(|_| AppError::invalid(field, "This is not a valid id."))
        })
        .transpose()
}

fn date(field: &str, v: Option<String>) -> Result<Option<NaiveDate>, AppError> {
    some(v)
        .map(|s| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map_err(|_| AppError::invalid(field, "Use a date like 2026-11-27."))
        })
        .transpose()
}

/// The filter of the audit view and export.
pub fn parse(
    organization: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<AuditFilter, AppError> {
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN));
    Ok(AuditFilter {
        organization_id: uuid("organization", organization)?,
        actor_email: some(actor),
        action: some(action),
        from: date("from", from)?.map(midnight),
        until: date("to", to)?.map(|d| midnight(d) + Duration::days(1)),
    })
}
