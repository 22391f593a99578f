//! Delivering one event to the people concerned, inside the transaction of the change that
//! causes it: an in-portal notification and/or an email through the outbox, per each
//! recipient's effective preferences. Only active customer users of the account receive
//! anything (invited, disabled and staff users are skipped).

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

use super::{Event, preferences};
use crate::{
    Result,
    entities::{group_membership, license, license_group, notification, user},
    mail::{self, Message},
    permissions::CustomerRole,
};

/// What the recipients read.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    /// One line (the email's subject after the portal name).
    pub(crate) title: String,
    /// A sentence or two.
    pub(crate) body: String,
    /// A portal path to follow.
    pub(crate) link: Option<String>,
}

/// Notifies `users` of `event`; `dedup_key` makes it once per user (periodic checks).
/// Returns how many people got anything.
pub(crate) async fn notify<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    event: Event,
    users: &[Uuid],
    note: &Note,
    dedup_key: Option<&str>,
) -> Result<usize> {
    if !event.available() || users.is_empty() {
        return Ok(0);
    }
    let people = user::Entity::find()
        .filter(user::Column::AccountId.eq(account_id))
        .filter(user::Column::Kind.eq(user::KIND_CUSTOMER))
        .filter(user::Column::Status.eq(user::STATUS_ACTIVE))
        .filter(user::Column::Id.is_in(users.iter().copied()))
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = people.iter().map(|u| u.id).collect();
    let channels = preferences::effective(conn, account_id, &ids, event).await?;
    let portal = crate::branding::portal_name(conn, account_id).await?;
    let now = Utc::now();
    let mut reached = 0;
    for person in people {
        let ch = channels.get(&person.id).copied().unwrap_or_default();
        if let Some(key) = dedup_key {
            let seen = notification::Entity::find()
                .filter(notification::Column::UserId.eq(person.id))
                .filter(notification::Column::DedupKey.eq(key))
                .count(conn)
                .await?;
            if seen > 0 {
                continue;
            }
        }
        // With a key the row is written even when the portal channel is off (read at once),
        // so the check above still sees it next time.
        if ch.in_portal || (dedup_key.is_some() && ch.email) {
            notification::Entity::insert(notification::ActiveModel {
                id: Set(Uuid::now_v7()),
                account_id: Set(account_id),
                user_id: Set(person.id),
                event: Set(event.id().to_owned()),
                title: Set(note.title.chars().take(200).collect()),
                body: Set(note.body.clone()),
                link: Set(note.link.clone()),
                dedup_key: Set(dedup_key.map(str::to_owned)),
                read_at: Set((!ch.in_portal).then_some(now)),
                created_at: Set(now),
            })
            .exec_without_returning(conn)
            .await?;
            if ch.in_portal {
                super::inbox::add_unread(conn, person.id, 1).await?;
            }
        }
        if ch.email {
            let body = format!(
                "Hello {},\n\n{}\n\nSign in to the {portal} portal to see the details.\n\n\
                 You get this email because of your notification settings; change them on \
                 your profile page.\n\n-- {portal}\n",
                person.first_name, note.body
            );
            mail::enqueue(
                conn,
                account_id,
                Message {
                    to: person.email.clone(),
                    subject: format!("{portal}: {}", note.title),
                    body,
                },
            )
            .await?;
        }
        if ch.email || ch.in_portal {
            reached += 1;
        }
    }
    Ok(reached)
}

/// The people a license concerns: its assigned user, the Owners of its organization, and the
/// members of the groups linked to it.
pub(crate) async fn license_audience<C: ConnectionTrait>(
    conn: &C,
    lic: &license::Model,
) -> Result<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = lic.owner_user_id.into_iter().collect();
    if let Some(org) = lic.organization_id {
        let groups = Query::select()
            .column(license_group::Column::GroupId)
            .from(license_group::Entity)
            .and_where(license_group::Column::LicenseId.eq(lic.id))
            .take();
        let members = Query::select()
            .column(group_membership::Column::UserId)
            .from(group_membership::Entity)
            .and_where(group_membership::Column::GroupId.in_subquery(groups))
            .take();
        // Both within the organization, so a stray group link can never reach outsiders.
        let concerned: Vec<Uuid> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::AccountId.eq(lic.account_id))
            .filter(user::Column::OrganizationId.eq(org))
            .filter(
                Condition::any()
                    .add(user::Column::CustomerRole.eq(CustomerRole::Owner.as_str()))
                    .add(user::Column::Id.in_subquery(members)),
            )
            .into_tuple()
            .all(conn)
            .await?;
        ids.extend(concerned);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
