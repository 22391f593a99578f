//! A user's in-portal notifications: newest first, the unread count, marking read. Every
//! query is by the signed-in user's own id: nobody ever reads another user's list.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::Event;
use crate::{
    Db, Result, ServiceError,
    entities::{notification, user},
    principal::Principal,
};

/// One notification as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Id (the keyset cursor).
    pub id: Uuid,
    /// The event's label.
    pub event: String,
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// A portal path to follow.
    pub link: Option<String>,
    /// Not marked read yet.
    pub unread: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// The largest page.
pub const PAGE: u64 = 50;

fn of(p: &Principal) -> (Uuid, Uuid) {
    (p.account_id(), p.user_id())
}

/// The user's notifications, newest first, after the cursor; with the next page's cursor.
pub async fn list(
    db: &Db,
    principal: &Principal,
    after: Option<Uuid>,
) -> Result<(Vec<Item>, Option<Uuid>)> {
    let (account_id, user_id) = of(principal);
    let mut q = notification::Entity::find()
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::UserId.eq(user_id));
    if let Some(after) = after {
        q = q.filter(notification::Column::Id.lt(after));
    }
    let mut rows = q
        .order_by_desc(notification::Column::Id)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let next = (rows.len() as u64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| r.id)
    });
    let items = rows
        .into_iter()
        .map(|r| Item {
            id: r.id,
            event: Event::parse(&r.event).map_or(r.event.clone(), |e| e.label().to_owned()),
            title: r.title,
            body: r.body,
            link: r.link,
            unread: r.read_at.is_none(),
            created_at: r.created_at,
        })
        .collect();
    Ok((items, next.flatten()))
}

/// How many of the user's notifications are unread (the header's badge): the user's
/// counter, which every change below keeps in its own transaction (a signed-in request gets it
/// with its session, see `auth::session_cached`; this is for everything else).
pub async fn unread_count(db: &Db, principal: &Principal) -> Result<u64> {
    let (account_id, user_id) = of(principal);
    let n: Option<i64> = user::Entity::find_by_id(user_id)
        .filter(user::Column::AccountId.eq(account_id))
        .select_only()
        .column(user::Column::UnreadNotifications)
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.unwrap_or(0).unsigned_abs())
}

/// Adds `delta` to a user's unread counter, in the caller's transaction.
pub(crate) async fn add_unread<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    delta: i64,
) -> Result<()> {
    if delta != 0 {
        user::Entity::update_many()
            .col_expr(
                user::Column::UnreadNotifications,
                Expr::col(user::Column::UnreadNotifications).add(delta),
            )
            .filter(user::Column::Id.eq(user_id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Marks one of the user's notifications read; anyone else's is not found.
pub async fn mark_read(db: &Db, principal: &Principal, id: Uuid) -> Result<()> {
    let (account_id, user_id) = of(principal);
    let tx = db.begin().await?;
    // Only the update that finds the row unread counts it: two tabs marking the same
    // notification at once take one off the badge, not two.
    let res = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&tx)
        .await?;
    if res.rows_affected == 0 {
        let exists = notification::Entity::find_by_id(id)
            .filter(notification::Column::AccountId.eq(account_id))
            .filter(notification::Column::UserId.eq(user_id))
            .count(&tx)
            .await?;
        if exists == 0 {
            return Err(ServiceError::NotFound);
        }
    }
    add_unread(&tx, user_id, -i64::try_from(res.rows_affected).unwrap_or(0)).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks every notification of the user read; returns how many were unread.
pub async fn mark_all_read(db: &Db, principal: &Principal) -> Result<u64> {
    let (account_id, user_id) = of(principal);
    let tx = db.begin().await?;
    let res = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&tx)
        .await?;
    add_unread(&tx, user_id, -i64::try_from(res.rows_affected).unwrap_or(0)).await?;
    tx.commit().await?;
    Ok(res.rows_affected)
}

/// A user whose unread counter differs from a recount of their notifications.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnreadMismatch {
    /// The user.
    pub user_id: Uuid,
    /// What the counter says.
    pub counter: i64,
    /// What a recount finds.
    pub recount: i64,
}

/// Every user whose unread counter differs from a recount (`keyport tallies check`); with
/// `fix`, each is set to its recount.
pub async fn recount_unread(db: &Db, fix: bool) -> Result<Vec<UnreadMismatch>> {
    let rows: Vec<(Uuid, i64, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::UnreadNotifications)
        .expr(Expr::cust(
            "CAST((SELECT COUNT(*) FROM notifications n \
             WHERE n.user_id = users.id AND n.read_at IS NULL) AS BIGINT)",
        ))
        .into_tuple()
        .all(db)
        .await?;
    let mismatches: Vec<UnreadMismatch> = rows
        .into_iter()
        .filter(|(_, counter, recount)| counter != recount)
        .map(|(user_id, counter, recount)| UnreadMismatch {
            user_id,
            counter,
            recount,
        })
        .collect();
    if fix {
        for m in &mismatches {
            user::Entity::update_many()
                .col_expr(user::Column::UnreadNotifications, Expr::value(m.recount))
                .filter(user::Column::Id.eq(m.user_id))
                .exec(db)
                .await?;
        }
    }
    Ok(mismatches)
}
