//! A user's in-portal notifications: newest first, the unread count, marking read. Every
//! query is by the signed-in user's own id: nobody ever reads another user's list.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::Event;
use crate::{Db, Result, ServiceError, entities::notification, principal::Principal};

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

/// How many of the user's notifications are unread (the header's badge).
pub async fn unread_count(db: &Db, principal: &Principal) -> Result<u64> {
    let (account_id, user_id) = of(principal);
    Ok(notification::Entity::find()
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks one of the user's notifications read; anyone else's is not found.
pub async fn mark_read(db: &Db, principal: &Principal, id: Uuid) -> Result<()> {
    let (account_id, user_id) = of(principal);
    let found = notification::Entity::find_by_id(id)
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if found.read_at.is_none() {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
            .filter(notification::Column::Id.eq(id))
            .filter(notification::Column::UserId.eq(user_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Marks every notification of the user read; returns how many were unread.
pub async fn mark_all_read(db: &Db, principal: &Principal) -> Result<u64> {
    let (account_id, user_id) = of(principal);
    let res = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
