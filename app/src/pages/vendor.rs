//! `/vendor`: the vendor staff dashboard.

use crate::{
    api::dashboard::get_vendor_dashboard,
    components::error_view::ErrorView,
    dto::{CurrentUser, VendorDashboard},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Totals across the vendor's customers; customers are sent to their own dashboard.
#[component]
pub fn VendorDashboardPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let data = page_data(|| (), |_| get_vendor_dashboard());
    view! {
        <Title text="Vendor dashboard" />
        <h1>"Vendor dashboard"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Totals d /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Totals(d: VendorDashboard) -> impl IntoView {
    let items = [
        ("Customers", d.customers),
        ("Organizations", d.organizations),
        ("Active", d.counts.active),
        ("Suspended", d.counts.suspended),
        ("Revoked", d.counts.revoked),
        ("Expired", d.counts.expired),
        ("Expiring within 30 days", d.counts.expiring_soon),
        (
            "Activations in the last 30 days",
            d.activations_last_30_days,
        ),
    ];
    view! {
        <dl class="counts">
            {items
                .into_iter()
                .map(|(label, n)| {
                    view! {
                        <div>
                            <dt>{label}</dt>
                            <dd>{n}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <p>
            <a href="/vendor/licenses">"All licenses"</a>
            " · "
            <a href="/vendor/products">"Products"</a>
            " · "
            <a href="/vendor/organizations">"Organizations"</a>
        </p>
    }
}
