//! The profile's notification preferences (customers): each delivered event by email and in
//! the portal, prefilled with what the user gets now; "Use the vendor's defaults" drops the
//! user's own choices.

use crate::{
    api::notifications::{
        ResetMyNotificationPreferences, SaveMyNotificationPreferences,
        get_my_notification_preferences,
    },
    components::{error_view::ErrorView, saves::Saves},
    dto::notifications::PreferenceRow,
    page_data::page_data,
};
use leptos::prelude::*;

fn channels(email: bool, portal: bool) -> &'static str {
    match (email, portal) {
        (true, true) => "email and in the portal",
        (true, false) => "email",
        (false, true) => "in the portal",
        (false, false) => "nothing",
    }
}

/// The preferences section of `/profile`.
#[component]
pub fn NotificationPreferences(saves: Saves) -> impl IntoView {
    let data = page_data(
        move || saves.revision(),
        |_| get_my_notification_preferences(),
    );
    view! {
        <section id="notifications" aria-labelledby="notifications-title">
            <h2 id="notifications-title">"Notifications"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(rows) => saves.fresh(view! { <Table rows saves /> }).into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Table(rows: Vec<PreferenceRow>, saves: Saves) -> impl IntoView {
    let save = saves.action::<SaveMyNotificationPreferences, _>();
    let reset = saves.action::<ResetMyNotificationPreferences, _>();
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> })
    };
    let body = rows
        .into_iter()
        .map(|r| {
            let cell = |channel: &'static str, label: &'static str, checked: bool| {
                let value = format!("{}:{channel}", r.id);
                let aria = format!("{}: {label}", r.label);
                view! {
                    <td>
                        <input type="checkbox" name="channel[]" value=value checked=checked aria-label=aria />
                    </td>
                }
            };
            let source = if r.own {
                format!("Your choice (the default is {})", channels(r.default_email, r.default_in_portal))
            } else {
                "The vendor's default".to_owned()
            };
            view! {
                <tr>
                    <th scope="row">{r.label.clone()}</th>
                    {cell("email", "email", r.email)}
                    {cell("in_portal", "in the portal", r.in_portal)}
                    <td>{source}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:aria-label="Notification preferences">
            {error}
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Event"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"In the portal"</th>
                            <th scope="col">"Set by"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <button type="submit">"Save notification preferences"</button>
        </ActionForm>
        <ActionForm action=reset attr:aria-label="Use the vendor's defaults">
            <button type="submit" class="secondary">
                "Use the vendor's defaults"
            </button>
        </ActionForm>
    }
}
