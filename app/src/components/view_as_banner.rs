//! The banner shown on every page while vendor staff view the portal as a customer.

use crate::dto::CurrentUser;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "Viewing as ... (read-only)" with a button back to the vendor console; nothing otherwise.
#[component]
pub fn ViewAsBanner(user: CurrentUser) -> impl IntoView {
    let query = use_query_map();
    let refused = move || query.read().get("view_as_refused").is_some();
    user.viewed_by.is_some().then(|| {
        view! {
            <aside class="view-as" aria-label="View as customer" data-testid="view-as-banner">
                <p>
                    <strong>"Viewing as " {user.name.clone()} " (" {user.email.clone()} ")"</strong>
                    " · read-only: changes are refused."
                </p>
                {move || {
                    refused()
                        .then(|| {
                            view! {
                                <p role="alert" class="error">
                                    "That change was refused: viewing as a customer is read-only."
                                </p>
                            }
                        })
                }}
                // A plain form post even when hydrated: the whole page reloads as the staff
                // member, so no signed-in state of the customer stays in the browser.
                <form method="post" action="/rpc/end_view_as">
                    <button type="submit" class="secondary">
                        "End view as customer"
                    </button>
                </form>
            </aside>
        }
    })
}
