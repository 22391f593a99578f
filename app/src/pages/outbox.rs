//! `/vendor/outbox`: the emails Keyport sent or keeps (vendor staff only).

use crate::{
    api::org_activity::list_outbox,
    components::{error_view::ErrorView, format::date_time},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Every message of the account, newest first, with its body (invitation links included).
#[component]
pub fn OutboxPage() -> impl IntoView {
    let msgs = page_data(|| (), |_| list_outbox());
    view! {
        <Title text="Outbox" />
        <h1>"Outbox"</h1>
        <p class="muted">
            "Emails wait here until the mail worker delivers them; without SMTP settings they stay here."
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match msgs.await {
                    Ok(list) if list.is_empty() => view! { <p>"No emails yet."</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|m| view! {
                        <article class="card" data-testid=format!("mail-{}", m.to)>
                            <h2>{m.subject.clone()}</h2>
                            <p>{format!("To {} · {} · {} ({} attempts)", m.to, date_time(m.created_at), m.status, m.attempts)}</p>
                            <pre>{m.body.clone()}</pre>
                        </article>
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
