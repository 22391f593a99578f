//! Notifications: the vendor's default channels (settings), a customer's own overrides
//! (profile), and each user's in-portal list. `service::notifications` decides who may;
//! every list and mark-read is of the signed-in user's own notifications only.

use crate::{
    AppError,
    dto::notifications::{NotificationDefaults, NotificationPage, PreferenceRow},
};
use leptos::prelude::*;

/// The vendor's defaults (every event), for vendor staff.
#[server(prefix = "/rpc", endpoint = "get_notification_defaults")]
pub async fn get_notification_defaults() -> Result<NotificationDefaults, AppError> {
    let s = super::context::signed_in()?;
    let table =
        service::notifications::preferences::view_defaults(&s.state.db, &s.principal).await?;
    Ok(NotificationDefaults {
        can_edit: matches!(&s.principal, service::Principal::Staff(st)
            if st.role == service::permissions::StaffRole::Admin),
        rows: table
            .into_iter()
            .map(|(e, c)| crate::dto::notifications::DefaultRow {
                id: e.id().to_owned(),
                label: e.label().to_owned(),
                available: e.available(),
                email: c.email,
                in_portal: c.in_portal,
            })
            .collect(),
    })
}

/// Sets the vendor's defaults (`channel[]` holds `event:email` / `event:in_portal` of the
/// checked boxes).
#[server(prefix = "/rpc", endpoint = "save_notification_defaults")]
pub async fn save_notification_defaults(channel: Option<Vec<String>>) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::notifications::preferences::save_defaults(
        &s.state.db,
        &s.principal,
        &channel.unwrap_or_default(),
        s.ctx.ip.as_deref(),
    )
    .await?;
    leptos_axum::redirect("/vendor/settings/notifications?saved=defaults");
    Ok(())
}

#[cfg(feature = "ssr")]
fn rows(prefs: Vec<service::notifications::preferences::Preference>) -> Vec<PreferenceRow> {
    prefs
        .into_iter()
        .map(|p| {
            let eff = p.effective();
            PreferenceRow {
                id: p.event.id().to_owned(),
                label: p.event.label().to_owned(),
                default_email: p.default.email,
                default_in_portal: p.default.in_portal,
                email: eff.email,
                in_portal: eff.in_portal,
                own: p.own.is_some(),
            }
        })
        .collect()
}

/// The signed-in customer's preferences (vendor staff get no notifications: 403).
#[server(prefix = "/rpc", endpoint = "get_my_notification_preferences")]
pub async fn get_my_notification_preferences() -> Result<Vec<PreferenceRow>, AppError> {
    let s = super::context::signed_in()?;
    Ok(rows(
        service::notifications::preferences::mine(&s.state.db, &s.principal).await?,
    ))
}

/// Sets the signed-in customer's own channels (`channel[]` as for the defaults).
#[server(prefix = "/rpc", endpoint = "save_my_notification_preferences")]
pub async fn save_my_notification_preferences(
    channel: Option<Vec<String>>,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::notifications::preferences::save_mine(
        &s.state.db,
        &s.principal,
        &channel.unwrap_or_default(),
    )
    .await?;
    leptos_axum::redirect("/profile?saved=notifications#notifications");
    Ok(())
}

/// Back to the vendor's defaults for every event.
#[server(prefix = "/rpc", endpoint = "reset_my_notification_preferences")]
pub async fn reset_my_notification_preferences() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::notifications::preferences::reset_mine(&s.state.db, &s.principal).await?;
    leptos_axum::redirect("/profile?saved=notifications-reset#notifications");
    Ok(())
}

/// The signed-in user's notifications, newest first (`after`: the cursor, empty = start).
#[server(prefix = "/rpc", endpoint = "list_notifications")]
pub async fn list_notifications(after: String) -> Result<NotificationPage, AppError> {
    let s = super::context::signed_in()?;
    let after = super::convert::parse_id(&after, "after")?;
    let db = &s.state.db;
    let (items, next) = service::notifications::inbox::list(db, &s.principal, after).await?;
    Ok(NotificationPage {
        items: items
            .into_iter()
            .map(|n| crate::dto::notifications::NotificationItem {
                id: n.id.to_string(),
                event: n.event,
                title: n.title,
                body: n.body,
                link: n.link,
                unread: n.unread,
                created_at: n.created_at.format("%Y-%m-%d %H:%M").to_string(),
            })
            .collect(),
        next: next.map(|id| id.to_string()),
    })
}

/// How many of the signed-in user's notifications are unread (the header's badge).
#[server(prefix = "/rpc", endpoint = "get_unread_notifications")]
pub async fn get_unread_notifications() -> Result<i64, AppError> {
    let s = super::context::signed_in()?;
    // Read with the session when the user is their own principal (no query here).
    if let Some(n) = s.ctx.unread_notifications {
        return Ok(n.max(0));
    }
    let n = service::notifications::inbox::unread_count(&s.state.db, &s.principal).await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Marks one of the user's notifications read; another user's is "not found".
#[server(prefix = "/rpc", endpoint = "mark_notification_read")]
pub async fn mark_notification_read(id: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    service::notifications::inbox::mark_read(&s.state.db, &s.principal, id).await?;
    leptos_axum::redirect("/notifications");
    Ok(())
}

/// Marks every notification of the user read.
#[server(prefix = "/rpc", endpoint = "mark_all_notifications_read")]
pub async fn mark_all_notifications_read() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::notifications::inbox::mark_all_read(&s.state.db, &s.principal).await?;
    leptos_axum::redirect("/notifications?saved=all-read");
    Ok(())
}
