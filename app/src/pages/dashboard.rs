//! `/`: the customer dashboard.

use crate::{
    api::dashboard::get_customer_dashboard,
    components::{error_view::ErrorView, format, license_table::LicenseTable},
    dto::{CurrentUser, CustomerDashboard, RecentActivation, StatusCounts},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// An organization overview for Owners, "Your licenses" for everyone else; vendor staff are
/// sent to their own dashboard, except in the branding preview (`?preview=draft`), where they
/// see the page over the account's licenses.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let previewing = use_query_map().read_untracked().get("preview").as_deref() == Some("draft");
    if user.is_staff && !previewing {
        return view! { <Redirect path="/vendor" /> }.into_any();
    }
    let data = page_data(|| (), |_| get_customer_dashboard());
    view! {
        <Title text="Dashboard" />
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Dashboard d /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Dashboard(d: CustomerDashboard) -> impl IntoView {
    let CustomerDashboard {
        organization_overview,
        counts,
        activations_used,
        activations_allowed,
        expiring_soon,
        recent_activations,
        licenses,
    } = d;
    view! {
        {match organization_overview {
            Some(name) => {
                view! {
                    <h1>{name}</h1>
                    <section aria-labelledby="by-status">
                        <h2 id="by-status">"Licenses by status"</h2>
                        <Counts counts />
                    </section>
                    <section aria-labelledby="seats">
                        <h2 id="seats">"Activations"</h2>
                        <p class="big">{format::seats(activations_used, activations_allowed)}</p>
                    </section>
                }
                    .into_any()
            }
            None => {
                view! {
                    <h1>"Your licenses"</h1>
                    <p>
                        {format!(
                            "{} active, {} expiring within 30 days. {}.",
                            counts.active,
                            counts.expiring_soon,
                            format::seats(activations_used, activations_allowed),
                        )}
                    </p>
                    <LicenseTable rows=licenses.clone() />
                }
                    .into_any()
            }
        }}
        <section aria-labelledby="expiring">
            <h2 id="expiring">"Expiring soon"</h2>
            <LicenseTable rows=expiring_soon />
        </section>
        <section aria-labelledby="recent">
            <h2 id="recent">"Recent activations"</h2>
            <RecentActivations rows=recent_activations />
        </section>
        <p>
            <a href="/licenses">"See all licenses"</a>
        </p>
    }
}

#[component]
pub(crate) fn Counts(counts: StatusCounts) -> impl IntoView {
    view! {
        <dl class="counts">
            <div>
                <dt>"Active"</dt>
                <dd>{counts.active}</dd>
            </div>
            <div>
                <dt>"Suspended"</dt>
                <dd>{counts.suspended}</dd>
            </div>
            <div>
                <dt>"Revoked"</dt>
                <dd>{counts.revoked}</dd>
            </div>
            <div>
                <dt>"Expired"</dt>
                <dd>{counts.expired}</dd>
            </div>
            <div>
                <dt>"Expiring within 30 days"</dt>
                <dd>{counts.expiring_soon}</dd>
            </div>
        </dl>
    }
}

#[component]
fn RecentActivations(rows: Vec<RecentActivation>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No machines activated yet."</p> }.into_any();
    }
    view! {
        <table>
            <thead>
                <tr>
                    <th scope="col">"Machine"</th>
                    <th scope="col">"OS"</th>
                    <th scope="col">"Product"</th>
                    <th scope="col">"Activated"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|a| {
                        view! {
                            <tr>
                                <td>
                                    <a href=format!("/licenses/{}", a.license_id)>{a.hostname}</a>
                                </td>
                                <td>{a.os}</td>
                                <td>{a.product_name}</td>
                                <td>{format::date_time(a.activated_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
