//! The organization's audit trail (`audit.view`) and the vendor's outbox (staff).

use crate::{
    AppError,
    dto::org::{ActivityPage, OutboxMessage},
};
use leptos::prelude::*;

/// Audit events of the organization, newest first. Filters are form strings: the actor's
/// email (or id), an action id, and `YYYY-MM-DD` dates (inclusive); `after` is the keyset
/// cursor.
#[server(prefix = "/rpc", endpoint = "list_activity")]
pub async fn list_activity(
    actor: String,
    action: String,
    since: String,
    until: String,
    after: String,
) -> Result<ActivityPage, AppError> {
    use crate::dto::org::ActivityRow;
    use service::{audit, permissions::Permission};
    let s = super::context::signed_in()?;
    s.require(Permission::AuditView)?;
    if s.principal.organization_id().is_none() {
        return Err(AppError::Forbidden);
    }
    // By email, as the page's form sends it (never a list of every person: 5,000 options).
    let actor_user_id = if actor.contains('@') {
        let found = service::org_admin::lookup::colleague_by_email(
            &s.state.db,
            &s.principal,
            "actor",
            &actor,
        )
        .await?;
        Some(found.id)
    } else {
        super::convert::parse_id(&actor, "actor")?
    };
    let filter = audit::ActivityFilter {
        actor_user_id,
        action: Some(action.trim().to_owned()).filter(|a| !a.is_empty()),
        since: super::convert::parse_day(&since, "since", 0)?,
        until: super::convert::parse_day(&until, "until", 1)?,
    };
    let after = super::convert::parse_id(&after, "after")?;
    let scope = service::Scope::of(&s.principal);
    let (rows, next) = audit::list_filtered(&s.state.db, &scope, &filter, after, 50).await?;
    Ok(ActivityPage {
        rows: rows
            .into_iter()
            .map(|r| ActivityRow {
                id: r.id,
                at: r.created_at.into(),
                actor_email: r.actor_email,
                action: r.action,
                target_type: r.target_type,
                target_id: r.target_id,
                outcome: r.outcome,
                details: r.details,
            })
            .collect(),
        next,
    })
}

/// The account's outgoing emails, newest first (vendor staff only: they hold links).
#[server(prefix = "/rpc", endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    let s = super::context::signed_in()?;
    let scope = service::Scope::of(&s.principal);
    if !scope.is_vendor() {
        return Err(AppError::Forbidden);
    }
    Ok(service::mail::list(&s.state.db, &scope, 100)
        .await?
        .into_iter()
        .map(|m| OutboxMessage {
            id: m.id,
            to: m.to,
            subject: m.subject,
            body: m.body,
            status: m.status,
            attempts: m.attempts,
            created_at: m.created_at.into(),
        })
        .collect())
}
