//! The staff audit view (`/vendor/audit`); the CSV export is a plain route in the server.

use crate::{AppError, dto::settings::AuditPage};
use leptos::prelude::*;

/// One page of the account's audit events for vendor staff. Dates are `YYYY-MM-DD` (UTC,
/// `to` inclusive); empty strings mean "any".
#[server(prefix = "/rpc", endpoint = "list_audit_events")]
pub async fn list_audit_events(
    organization: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
) -> Result<AuditPage, AppError> {
    use crate::dto::settings::{AuditEventRow, OrganizationOption};

    let s = super::context::signed_in()?;
    let filter = super::audit_filter::parse(organization, actor, action, from, to)?;
    let after = super::audit_filter::uuid("after", after)?;
    let (rows, next) =
        service::audit::search(&s.state.db, &s.principal, &filter, after, 50).await?;
    let organizations = service::audit::organizations(&s.state.db, &s.principal)
        .await?
        .into_iter()
        .map(|(id, name)| OrganizationOption { id, name })
        .collect();
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|r| AuditEventRow {
                id: r.id,
                created_at: r.created_at.into(),
                actor_email: r.actor_email,
                action: r.action,
                target: format!("{} {}", r.target_type, r.target_id)
                    .trim()
                    .to_owned(),
                outcome: r.outcome,
                ip: r.ip,
                details: r.details,
            })
            .collect(),
        next,
        organizations,
    })
}
