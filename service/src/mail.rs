//! The email outbox: messages are written in the transaction of the change that causes them,
//! and the mail worker (in the server) delivers them, retrying with backoff.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{Db, Result, entities::outbox_message as outbox, principal::Scope};

/// Attempts after which a message is left alone (still listed for staff).
pub const MAX_ATTEMPTS: i32 = 8;

/// A message to queue.
#[derive(Debug, Clone)]
pub struct Message {
    /// Recipient.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// A queued message, as the worker and `/vendor/outbox` see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// Message id.
    pub id: Uuid,
    /// Recipient.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// `pending` or `sent`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Last failure.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
}

impl From<outbox::Model> for Queued {
    fn from(m: outbox::Model) -> Self {
        Self {
            id: m.id,
            to: m.to_email,
            subject: m.subject,
            body: m.body,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
        }
    }
}

/// Queues a message, inside the caller's transaction.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, account_id: Uuid, msg: Message) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let now = Utc::now();
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        to_email: Set(msg.to),
        subject: Set(msg.subject.chars().take(300).collect()),
        body: Set(msg.body),
        status: Set(outbox::STATUS_PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}

/// The account's messages, newest first (vendor staff only: bodies hold single-use links).
pub async fn list(db: &Db, scope: &Scope, limit: u64) -> Result<Vec<Queued>> {
    if !scope.is_vendor() {
        return Err(crate::ServiceError::Forbidden);
    }
    Ok(outbox::Entity::find()
        .filter(outbox::Column::AccountId.eq(scope.account_id()))
        .order_by_desc(outbox::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(db)
        .await?
        .into_iter()
        .map(Queued::from)
        .collect())
}

/// Pending messages due now, of every account (for the worker), oldest first.
pub async fn due(db: &Db, limit: u64) -> Result<Vec<Queued>> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.eq(outbox::STATUS_PENDING))
        .filter(outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .filter(outbox::Column::NextAttemptAt.lte(Utc::now()))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Queued::from)
        .collect())
}

/// Marks a message delivered.
pub async fn mark_sent(db: &Db, id: Uuid) -> Result<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(outbox::STATUS_SENT))
        .col_expr(outbox::Column::SentAt, Expr::value(Some(Utc::now())))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt; the next one waits `backoff(attempts)`.
pub async fn mark_failed(db: &Db, id: Uuid, attempts_before: i32, error: &str) -> Result<()> {
    let next = Utc::now() + backoff(attempts_before + 1);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts_before + 1))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Some(error.chars().take(500).collect::<String>())),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Wait after the n-th failure: 1 s, 2 s, 4 s ... capped at one hour.
pub fn backoff(failures: i32) -> Duration {
    let exp = failures.clamp(1, 13) - 1;
    Duration::seconds(std::cmp::min(1i64 << exp, 3600))
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1).num_seconds(), 1);
        assert_eq!(backoff(2).num_seconds(), 2);
        assert_eq!(backoff(5).num_seconds(), 16);
        assert_eq!(backoff(40).num_seconds(), 3600);
    }
}
