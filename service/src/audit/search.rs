//! The staff audit view: every event of the account, filtered and keyset-paginated, and CSV.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::AuditRow;
use crate::{
    Db, Result, ServiceError,
    entities::{audit_event, organization},
    principal::Principal,
};

/// What to show; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Events concerning this organization.
    pub organization_id: Option<Uuid>,
    /// Events by this actor email (exact, case-insensitive).
    pub actor_email: Option<String>,
    /// Events whose action starts with this (`auth.` or `auth.login`).
    pub action: Option<String>,
    /// At or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
}

/// One page of the account's events for vendor staff, newest first; `limit` is capped at
/// 1000. Customers are refused (they use [`super::list`]).
pub async fn search(
    db: &Db,
    principal: &Principal,
    filter: &AuditFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<AuditRow>, Option<Uuid>)> {
    if !matches!(principal, Principal::Staff(_)) {
        return Err(ServiceError::Forbidden);
    }
    let limit = limit.clamp(1, 1000);
    let mut q = audit_event::Entity::find()
        .filter(audit_event::Column::AccountId.eq(principal.account_id()));
    if let Some(org) = filter.organization_id {
        q = q.filter(audit_event::Column::OrganizationId.eq(org));
    }
    if let Some(email) = filter.actor_email.as_deref() {
        q = q.filter(audit_event::Column::ActorEmail.eq(email.trim().to_lowercase()));
    }
    if let Some(action) = filter.action.as_deref() {
        q = q.filter(audit_event::Column::Action.starts_with(action.trim()));
    }
    if let Some(from) = filter.from {
        q = q.filter(audit_event::Column::CreatedAt.gte(from));
    }
    if let Some(until) = filter.until {
        q = q.filter(audit_event::Column::CreatedAt.lt(until));
    }
    if let Some(after) = after {
        q = q.filter(audit_event::Column::Id.lt(after));
    }
    let mut rows = q
        .order_by_desc(audit_event::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok((rows.into_iter().map(super::row).collect(), next))
}

/// The organizations of the staff member's account (id, name), by name, for the filter.
pub async fn organizations(db: &Db, principal: &Principal) -> Result<Vec<(Uuid, String)>> {
    if !matches!(principal, Principal::Staff(_)) {
        return Err(ServiceError::Forbidden);
    }
    Ok(organization::Entity::find()
        .filter(organization::Column::AccountId.eq(principal.account_id()))
        .order_by_asc(organization::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The rows as CSV (RFC 4180), with a header. Cells that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@`, tab, CR) are prefixed with `'`.
pub fn to_csv(rows: &[AuditRow]) -> String {
    let mut out = String::from("time,actor,action,target_type,target_id,outcome,ip,details\r\n");
    for r in rows {
        let cells = [
            r.created_at.to_rfc3339(),
            r.actor_email.clone(),
            r.action.clone(),
            r.target_type.clone(),
            r.target_id.clone(),
            r.outcome.clone(),
            r.ip.clone().unwrap_or_default(),
            r.details.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}
