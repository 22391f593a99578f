//! The page for anything that does not exist (or that the user may not see).

use leptos::prelude::*;
use leptos_meta::Title;

/// "Not found", answered with HTTP 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::status::set(404);
    view! {
        <Title text="Not found" />
        <section class="not-found">
            <h1>"Not found"</h1>
            <p>"There is nothing here, or you do not have access to it."</p>
            <p>
                <a href="/">"Go to your dashboard"</a>
            </p>
        </section>
    }
}
