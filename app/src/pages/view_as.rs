//! `/vendor/view-as`: staff pick a customer user and open the portal as them, read-only.

use crate::{
    api::view_as::list_view_as_customers,
    components::error_view::ErrorView,
    dto::{CurrentUser, settings::ViewAsCustomer},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The customer picker; customers are sent to their dashboard.
#[component]
pub fn ViewAsPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query = use_query_map();
    let ended = query.read_untracked().get("ended").is_some();
    let data = page_data(|| (), |_| list_view_as_customers());
    view! {
        <Title text="View as customer" />
        <h1>"View as customer"</h1>
        <p role="status" class="notice">
            {ended.then_some("You are back in the vendor console.")}
        </p>
        <p class="muted">
            "Open the portal exactly as a customer user sees it. Nothing can be changed while viewing, and the start and end are recorded in the audit log."
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(customers) => view! { <Picker customers /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Picker(customers: Vec<ViewAsCustomer>) -> impl IntoView {
    // A plain form post even when hydrated: the whole page reloads as the viewed customer.
    view! {
        <form method="post" action="/rpc/start_view_as" aria-label="Choose a customer">
            <div class="field">
                <label for="user_id">"Customer user"</label>
                <select id="user_id" name="user_id" required>
                    {customers
                        .into_iter()
                        .map(|c| {
                            let org = c.organization_name.unwrap_or_else(|| "individual".into());
                            let text = format!("{} <{}> · {} · {}", c.name, c.email, org, c.role_label);
                            view! { <option value=c.id.to_string()>{text}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">"View portal as this user"</button>
        </form>
    }
}
