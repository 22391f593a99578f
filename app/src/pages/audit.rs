//! `/vendor/audit`: every audit event of the account for vendor staff, filtered by
//! organization, user, action and date, keyset-paginated, exportable as CSV.

use crate::{
    api::audit::list_audit_events,
    components::{error_view::ErrorView, format},
    dto::{CurrentUser, settings::AuditPage},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

const KEYS: [&str; 5] = ["organization", "actor", "action", "from", "to"];

/// The filter values, in the order of [`KEYS`], plus the cursor.
#[derive(Clone, Debug, PartialEq, Default)]
struct Query {
    values: [String; 5],
    after: String,
}

impl Query {
    fn opt(v: &str) -> Option<String> {
        (!v.is_empty()).then(|| v.to_owned())
    }

    fn query_string(&self) -> String {
        KEYS.iter()
            .zip(&self.values)
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The audit view; customers are sent to their dashboard.
#[component]
pub fn AuditPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let q = query_map.read();
        Query {
            values: KEYS.map(|k| q.get(k).unwrap_or_default()),
            after: q.get("after").unwrap_or_default(),
        }
    });
    let page = page_data(
        move || query.get(),
        |q| {
            let [o, u, a, f, t] = q.values.clone().map(|v| Query::opt(&v));
            list_audit_events(o, u, a, f, t, Query::opt(&q.after))
        },
    );
    view! {
        <Title text="Audit log" />
        <h1>"Audit log"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Ok(page) => view! { <Results page q /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Results(page: AuditPage, q: Query) -> impl IntoView {
    let qs = q.query_string();
    let next = page.next.map(|n| {
        let sep = if qs.is_empty() { "" } else { "&" };
        format!("/vendor/audit?{qs}{sep}after={n}")
    });
    let csv = if qs.is_empty() {
        "/vendor/audit.csv".to_owned()
    } else {
        format!("/vendor/audit.csv?{qs}")
    };
    let [org, actor, action, from, to] = q.values.clone();
    view! {
        <form method="get" action="/vendor/audit" class="filters" role="search">
            <div class="field">
                <label for="organization">"Organization"</label>
                <select id="organization" name="organization">
                    <option value="" selected=org.is_empty()>
                        "Any organization"
                    </option>
                    {page
                        .organizations
                        .iter()
                        .map(|o| {
                            let id = o.id.to_string();
                            let selected = org == id;
                            view! {
                                <option value=id selected=selected>
                                    {o.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="actor">"User email"</label>
                <input id="actor" name="actor" type="search" value=actor />
            </div>
            <div class="field">
                <label for="action">"Action starts with"</label>
                <input id="action" name="action" type="search" value=action placeholder="auth." />
            </div>
            <div class="field">
                <label for="from">"From"</label>
                <input id="from" name="from" type="date" value=from />
            </div>
            <div class="field">
                <label for="to">"To"</label>
                <input id="to" name="to" type="date" value=to />
            </div>
            <button type="submit">"Filter"</button>
        </form>
        <p>
            <a href=csv rel="external" download="audit.csv">
                "Export CSV"
            </a>
        </p>
        {if page.rows.is_empty() {
            view! { <p class="empty">"No events match."</p> }.into_any()
        } else {
            view! { <Events page=page.clone() /> }.into_any()
        }}
        {next
            .map(|href| {
                view! {
                    <p>
                        <a href=href rel="next">
                            "Next page"
                        </a>
                    </p>
                }
            })}
    }
}

#[component]
fn Events(page: AuditPage) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Time"</th>
                        <th scope="col">"User"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"IP"</th>
                        <th scope="col">"Details"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .rows
                        .into_iter()
                        .map(|r| {
                            let outcome = if r.outcome == "success" { "Success" } else { "Failure" };
                            view! {
                                <tr>
                                    <td>{format::date_time(r.created_at)}</td>
                                    <td>{r.actor_email}</td>
                                    <td>
                                        <code>{r.action}</code>
                                    </td>
                                    <td>{r.target}</td>
                                    <td>{outcome}</td>
                                    <td>{r.ip.unwrap_or_default()}</td>
                                    <td class="details">
                                        <code>{r.details}</code>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
