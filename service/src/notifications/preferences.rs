//! Who gets which event on which channel: the vendor's defaults (every event, the coming-soon
//! ones included), and each customer's overrides for themselves (the delivered events only).
//! Effective channels = the user's override for the event, else the vendor's default.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{Channels, Event};
use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::{notification_override as overrides, notification_settings as settings},
    principal::Principal,
};

/// Channels per event.
pub type Table = BTreeMap<Event, Channels>;

/// One line of a customer's preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preference {
    /// The event.
    pub event: Event,
    /// The vendor's default.
    pub default: Channels,
    /// The user's own choice, when they made one.
    pub own: Option<Channels>,
}

impl Preference {
    /// What the user gets.
    pub fn effective(&self) -> Channels {
        self.own.unwrap_or(self.default)
    }
}

fn parse_table(text: Option<&str>) -> BTreeMap<String, Channels> {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// The account's defaults for every event (Keyport's own where the vendor set nothing).
pub async fn defaults<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<Table> {
    let row = settings::Entity::find_by_id(account_id).one(conn).await?;
    let stored = parse_table(row.as_ref().map(|r| r.defaults.as_str()));
    Ok(Event::ALL
        .into_iter()
        .map(|e| {
            (
                e,
                stored.get(e.id()).copied().unwrap_or(e.default_channels()),
            )
        })
        .collect())
}

/// The defaults, for vendor staff (support reads them too); customers are refused.
pub async fn view_defaults(db: &Db, principal: &Principal) -> Result<Table> {
    match principal {
        Principal::Staff(_) => defaults(db, principal.account_id()).await,
        Principal::Customer(_) => Err(ServiceError::Forbidden),
    }
}

/// Channels from checked boxes `event:email` / `event:in_portal`, for `events`; an unknown
/// event or channel (or one outside `events`) is refused.
fn from_checked(checked: &[String], events: &[Event]) -> Result<Table> {
    let mut table: Table = events.iter().map(|e| (*e, Channels::default())).collect();
    for c in checked {
        let (event, channel) = c.rsplit_once(':').unwrap_or((c.as_str(), ""));
        let slot = Event::parse(event).and_then(|e| table.get_mut(&e));
        match (slot, channel) {
            (Some(ch), "email") => ch.email = true,
            (Some(ch), "in_portal") => ch.in_portal = true,
            _ => {
                return Err(ServiceError::invalid(
                    "channel",
                    &format!("\"{c}\" is not a notification event and channel of this page."),
                ));
            }
        }
    }
    Ok(table)
}

fn to_json(table: &Table) -> String {
    let by_id: BTreeMap<&str, Channels> = table.iter().map(|(e, c)| (e.id(), *c)).collect();
    json!(by_id).to_string()
}

/// Sets the vendor's defaults from the checked boxes (every event; unchecked = off).
/// Vendor admins only; audited with the table before and after.
pub async fn save_defaults(
    db: &Db,
    principal: &Principal,
    checked: &[String],
    ip: Option<&str>,
) -> Result<Table> {
    principal.require_vendor_admin()?;
    let after = from_checked(checked, &Event::ALL)?;
    let account_id = principal.account_id();
    let tx = db.begin().await?;
    let before = defaults(&tx, account_id).await?;
    settings::Entity::delete_by_id(account_id).exec(&tx).await?;
    settings::Entity::insert(settings::ActiveModel {
        account_id: Set(account_id),
        defaults: Set(to_json(&after)),
        updated_at: Set(Utc::now()),
    })
    .exec_without_returning(&tx)
    .await?;
    audit::record(
        &tx,
        AuditEntry {
            account_id,
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: None,
            action: "settings.notifications",
            target_type: "account",
            target_id: account_id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({ "before": to_json(&before), "after": to_json(&after) }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

fn customer(principal: &Principal) -> Result<()> {
    match principal {
        Principal::Customer(_) => Ok(()),
        Principal::Staff(_) => Err(ServiceError::Forbidden),
    }
}

/// The delivered events.
fn available() -> Vec<Event> {
    Event::ALL.into_iter().filter(|e| e.available()).collect()
}

async fn own<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> Result<BTreeMap<String, Channels>> {
    let row = overrides::Entity::find_by_id(user_id).one(conn).await?;
    Ok(parse_table(row.as_ref().map(|r| r.overrides.as_str())))
}

/// A customer's preferences for the delivered events.
pub async fn mine(db: &Db, principal: &Principal) -> Result<Vec<Preference>> {
    customer(principal)?;
    let defaults = defaults(db, principal.account_id()).await?;
    let own = own(db, principal.user_id()).await?;
    Ok(available()
        .into_iter()
        .map(|event| Preference {
            event,
            default: defaults[&event],
            own: own.get(event.id()).copied(),
        })
        .collect())
}

/// Sets a customer's channels from the checked boxes. Only choices that differ from the
/// vendor's default are kept, so the others follow later changes of the default.
pub async fn save_mine(
    db: &Db,
    principal: &Principal,
    checked: &[String],
) -> Result<Vec<Preference>> {
    customer(principal)?;
    let chosen = from_checked(checked, &available())?;
    let defaults = defaults(db, principal.account_id()).await?;
    let kept: Table = chosen
        .into_iter()
        .filter(|(e, c)| defaults[e] != *c)
        .collect();
    write_own(db, principal, &kept).await?;
    mine(db, principal).await
}

/// Drops a customer's overrides: every event follows the vendor's defaults again.
pub async fn reset_mine(db: &Db, principal: &Principal) -> Result<Vec<Preference>> {
    customer(principal)?;
    write_own(db, principal, &Table::new()).await?;
    mine(db, principal).await
}

async fn write_own(db: &Db, principal: &Principal, kept: &Table) -> Result<()> {
    let user_id = principal.user_id();
    let tx = db.begin().await?;
    overrides::Entity::delete_by_id(user_id).exec(&tx).await?;
    if !kept.is_empty() {
        overrides::Entity::insert(overrides::ActiveModel {
            user_id: Set(user_id),
            account_id: Set(principal.account_id()),
            overrides: Set(to_json(kept)),
            updated_at: Set(Utc::now()),
        })
        .exec_without_returning(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The effective channels of `event` for each of `users` (of `account_id`).
pub(crate) async fn effective<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    users: &[Uuid],
    event: Event,
) -> Result<HashMap<Uuid, Channels>> {
    let default = defaults(conn, account_id).await?[&event];
    let mut out: HashMap<Uuid, Channels> = users.iter().map(|u| (*u, default)).collect();
    if users.is_empty() {
        return Ok(out);
    }
    let rows = overrides::Entity::find()
        .filter(overrides::Column::AccountId.eq(account_id))
        .filter(overrides::Column::UserId.is_in(users.iter().copied()))
        .all(conn)
        .await?;
    for r in rows {
        if let Some(c) = parse_table(Some(&r.overrides)).get(event.id()) {
            out.insert(r.user_id, *c);
        }
    }
    Ok(out)
}
