//! The audit log: recording events, and reading them back for staff and organization owners.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{Db, Result, entities::audit_event, principal::Scope};

mod search;

pub use search::{AuditFilter, organizations, search, to_csv};

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It was done.
    Success,
    /// It was refused or failed.
    Failure,
}

impl Outcome {
    /// The stored id: `success` or `failure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
        }
    }
}

/// One event to record. `details` must never hold secrets (passwords, tokens, full keys).
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// Vendor account.
    pub account_id: Uuid,
    /// Acting user, when known.
    pub actor_user_id: Option<Uuid>,
    /// Acting email (lower-cased).
    pub actor_email: &'a str,
    /// Organization concerned.
    pub organization_id: Option<Uuid>,
    /// Dotted action id.
    pub action: &'a str,
    /// Kind of target.
    pub target_type: &'a str,
    /// Target id.
    pub target_id: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Client IP.
    pub ip: Option<&'a str>,
    /// JSON details.
    pub details: serde_json::Value,
}

/// Records an event, inside the caller's transaction when given one.
pub async fn record<C: ConnectionTrait>(conn: &C, entry: AuditEntry<'_>) -> Result<()> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(entry.account_id),
        actor_user_id: Set(entry.actor_user_id),
        actor_email: Set(truncate(entry.actor_email, 320)),
        organization_id: Set(entry.organization_id),
        action: Set(entry.action.to_owned()),
        target_type: Set(entry.target_type.to_owned()),
        target_id: Set(entry.target_id),
        outcome: Set(entry.outcome.as_str().to_owned()),
        ip: Set(entry.ip.map(|ip| truncate(ip, 64))),
        details: Set(entry.details.to_string()),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// An audit event as shown in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Event id (keyset cursor).
    pub id: Uuid,
    /// Who.
    pub actor_email: String,
    /// What.
    pub action: String,
    /// On what kind of thing.
    pub target_type: String,
    /// On which one.
    pub target_id: String,
    /// `success` or `failure`.
    pub outcome: String,
    /// From where.
    pub ip: Option<String>,
    /// JSON details.
    pub details: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Events visible to the scope, newest first: staff see the account's, a customer those of
/// their organization (or their own without one). `limit` is capped at 100.
pub async fn list(
    db: &Db,
    scope: &Scope,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<AuditRow>, Option<Uuid>)> {
    list_filtered(db, scope, &ActivityFilter::default(), after, limit).await
}

/// Narrows an organization's activity list (the staff-wide search has [`AuditFilter`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    /// Only events by this user.
    pub actor_user_id: Option<Uuid>,
    /// Only this action id (e.g. `user.invite`).
    pub action: Option<String>,
    /// Only events at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
}

/// Like [`list`], narrowed by `filter`.
pub async fn list_filtered(
    db: &Db,
    scope: &Scope,
    filter: &ActivityFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<AuditRow>, Option<Uuid>)> {
    let limit = limit.clamp(1, 100);
    let mut query =
        audit_event::Entity::find().filter(audit_event::Column::AccountId.eq(scope.account_id()));
    if let Some(c) = scope.customer() {
        query = match c.organization_id {
            Some(org) => query.filter(audit_event::Column::OrganizationId.eq(org)),
            None => query.filter(audit_event::Column::ActorUserId.eq(c.user_id)),
        };
    }
    if let Some(actor) = filter.actor_user_id {
        query = query.filter(audit_event::Column::ActorUserId.eq(actor));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_event::Column::CreatedAt.gte(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_event::Column::CreatedAt.lt(until));
    }
    if let Some(after) = after {
        query = query.filter(audit_event::Column::Id.lt(after));
    }
    let mut rows = query
        .order_by_desc(audit_event::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let next = (rows.len() as u64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    });
    let rows = rows.into_iter().map(row).collect();
    Ok((rows, next.flatten()))
}

fn row(e: audit_event::Model) -> AuditRow {
    AuditRow {
        id: e.id,
        actor_email: e.actor_email,
        action: e.action,
        target_type: e.target_type,
        target_id: e.target_id,
        outcome: e.outcome,
        ip: e.ip,
        details: e.details,
        created_at: e.created_at,
    }
}

/// Caps a text for the audit table; control characters go (PostgreSQL refuses NUL in text).
fn truncate(s: &str, max_chars: usize) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(max_chars)
        .collect()
}
