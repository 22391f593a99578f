//! `/org/activity`: the organization's audit trail, filtered by user, action and date.

use crate::{
    api::org_activity::list_activity,
    components::{error_view::ErrorView, format::date_time},
    dto::org::ActivityPage,
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The actions an admin can filter by.
const ACTIONS: &[&str] = &[
    "user.invite",
    "user.invite_resend",
    "user.accept_invitation",
    "user.update",
    "user.disable",
    "user.enable",
    "user.delete",
    "organization.contacts",
    "group.create",
    "group.update",
    "group.delete",
    "group.member_add",
    "group.member_remove",
    "license.group_link",
    "license.group_unlink",
    "license.assign",
    "auth.login",
    "auth.logout",
];

/// The Activity page (needs `audit.view`).
#[component]
pub fn OrgActivityPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let filters = Memo::new(move |_| {
        (
            get("actor"),
            get("action"),
            get("since"),
            get("until"),
            get("after"),
        )
    });
    let page = page_data(
        move || filters.get(),
        |(actor, action, since, until, after)| list_activity(actor, action, since, until, after),
    );
    view! {
        <Title text="Activity" />
        <h1>"Activity"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let f = filters.get_untracked();
                match page.await {
                    Ok(p) => view! { <Trail p f /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Trail(p: ActivityPage, f: (String, String, String, String, String)) -> impl IntoView {
    let (actor, action, since, until, _) = f.clone();
    let next = p.next.map(|n| {
        format!(
            "/org/activity?actor={}&action={}&since={}&until={}&after={n}",
            f.0, f.1, f.2, f.3
        )
    });
    view! {
        <form method="get" action="/org/activity" role="search" class="filters">
            <div class="field">
                <label for="actor">"User's email (blank: anyone)"</label>
                <input id="actor" name="actor" type="email" autocomplete="off" value=actor />
            </div>
            <div class="field">
                <label for="action">"Action"</label>
                <select id="action" name="action">
                    <option value="">"Any action"</option>
                    {ACTIONS.iter().map(|a| view! {
                        <option value=*a selected=*a == action>{*a}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="since">"From"</label>
                <input id="since" name="since" type="date" value=since />
            </div>
            <div class="field">
                <label for="until">"To"</label>
                <input id="until" name="until" type="date" value=until />
            </div>
            <button type="submit">"Filter"</button>
        </form>
        // Wide rows scroll in their box, which the keyboard reaches too.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Activity rows">
            <table>
                <caption>"What happened in your organization, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Details"</th>
                    </tr>
                </thead>
                <tbody>
                    {p.rows.iter().map(|r| view! {
                        <tr>
                            <td>{date_time(r.at)}</td>
                            <td>{r.actor_email.clone()}</td>
                            <td>{r.action.clone()}</td>
                            <td>{format!("{} {}", r.target_type, r.target_id)}</td>
                            <td>{r.outcome.clone()}</td>
                            <td><code>{r.details.clone()}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {p.rows.is_empty().then(|| view! { <p>"No activity matches."</p> })}
        {next.map(|href| view! { <a href=href>"Older events"</a> })}
    }
    .into_any()
}
