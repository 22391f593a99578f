//! `/notifications`: the signed-in user's in-portal notifications, newest first, 50 a page,
//! with "Mark read" on each unread one and "Mark all read".

use crate::{
    api::notifications::{MarkAllNotificationsRead, MarkNotificationRead, list_notifications},
    components::{error_view::ErrorView, layout::UnreadCount},
    dto::notifications::{NotificationItem, NotificationPage},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The list.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let key = Memo::new(move |_| {
        let q = query.read();
        (q.get("after").unwrap_or_default(), q.get("saved"))
    });
    let data = page_data(move || key.get(), |(after, _)| list_notifications(after));
    // The header's count (components::layout), not a second one.
    let unread = use_context::<UnreadCount>();
    view! {
        <Title text="Notifications" />
        <h1>"Notifications"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let unread = match unread {
                    Some(UnreadCount(count)) => count.await.unwrap_or(0),
                    None => 0,
                };
                match data.await {
                    Ok(page) => {
                        view! { <List page unread saved=key.get_untracked().1 /> }.into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn List(page: NotificationPage, unread: i64, saved: Option<String>) -> impl IntoView {
    let all = ServerAction::<MarkAllNotificationsRead>::new();
    let empty = page.items.is_empty();
    view! {
        <p role="status" class="notice">
            {(saved.as_deref() == Some("all-read")).then_some("Every notification is marked read.")}
        </p>
        <p data-testid="unread-summary">
            {match unread {
                0 => "No unread notifications.".to_owned(),
                1 => "1 unread notification.".to_owned(),
                n => format!("{n} unread notifications."),
            }}
        </p>
        {(unread > 0)
            .then(|| {
                view! {
                    <ActionForm action=all attr:aria-label="Mark all read">
                        <button type="submit" class="secondary">
                            "Mark all read"
                        </button>
                    </ActionForm>
                }
            })}
        {empty.then(|| view! { <p class="muted">"Nothing here yet. Change what you are told about on your profile page."</p> })}
        <ul class="notifications" aria-label="Notifications">
            {page.items.into_iter().map(|n| view! { <Item n /> }).collect_view()}
        </ul>
        {page
            .next
            .map(|after| {
                view! {
                    <p>
                        <a href=format!("/notifications?after={after}")>"Older notifications"</a>
                    </p>
                }
            })}
    }
}

#[component]
fn Item(n: NotificationItem) -> impl IntoView {
    let mark = ServerAction::<MarkNotificationRead>::new();
    let class = if n.unread {
        "notification unread"
    } else {
        "notification"
    };
    view! {
        <li class=class data-testid="notification">
            <p>
                <strong>{n.title}</strong>
                {n.unread.then(|| view! { " " <span class="badge badge-unread">"Unread"</span> })}
            </p>
            <p>{n.body}</p>
            <p class="muted">
                {n.event} " · " {n.created_at} " UTC"
                {n.link.map(|href| view! { " · " <a href=href>"Open"</a> })}
            </p>
            {n
                .unread
                .then(|| {
                    view! {
                        <ActionForm action=mark attr:aria-label="Mark read">
                            <input type="hidden" name="id" value=n.id.clone() />
                            <button type="submit" class="link">
                                "Mark read"
                            </button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}
