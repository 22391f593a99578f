//! `/vendor/settings/notifications`: the account's default channels per event (email,
//! in-portal). Customers may override them for themselves on their profile. Events Keyport
//! does not deliver yet are stored and marked "Coming soon". Vendor admins edit; support reads.

use crate::{
    api::notifications::{SaveNotificationDefaults, get_notification_defaults},
    components::{error_view::ErrorView, saves::Saves},
    dto::{CurrentUser, notifications::NotificationDefaults},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The defaults page; customers are sent to their dashboard.
#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let saves = Saves::new();
    let data = page_data(move || saves.revision(), |_| get_notification_defaults());
    view! {
        <Title text="Notification settings" />
        <h1>"Notification settings"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => saves.fresh(view! { <Defaults d saves /> }).into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Defaults(d: NotificationDefaults, saves: Saves) -> impl IntoView {
    let ro = !d.can_edit;
    let save = saves.action::<SaveNotificationDefaults, _>();
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> })
    };
    let rows = d
        .rows
        .into_iter()
        .map(|r| {
            let cell = |channel: &'static str, label: &'static str, checked: bool| {
                let value = format!("{}:{channel}", r.id);
                let aria = format!("{}: {label}", r.label);
                view! {
                    <td>
                        <input
                            type="checkbox"
                            name="channel[]"
                            value=value
                            checked=checked
                            disabled=ro
                            aria-label=aria
                        />
                    </td>
                }
            };
            view! {
                <tr>
                    <th scope="row">{r.label.clone()}</th>
                    {cell("email", "email", r.email)}
                    {cell("in_portal", "in the portal", r.in_portal)}
                    <td>{if r.available { "Delivered" } else { "Coming soon" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {saves.notice(|saved| (saved == "defaults").then_some("Notification defaults saved."))}
        {ro.then(|| view! { <p class="muted">"Only vendor admins can change these settings."</p> })}
        <ActionForm action=save attr:aria-label="Notification defaults">
            <p class="muted">
                "What each customer gets unless they change it for themselves on their profile page. Emails go through the outbox (see Outbox); in-portal notifications appear under Notifications with an unread count."
            </p>
            {error}
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Event"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"In the portal"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(!ro).then(|| view! { <button type="submit">"Save notification defaults"</button> })}
        </ActionForm>
    }
}
