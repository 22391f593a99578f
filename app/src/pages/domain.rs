//! `/vendor/settings/domain`: the portal's custom domain, the DNS record to create, and a
//! DNS check on demand.

use crate::{
    AppError,
    api::domain::{CheckCustomDomain, SetCustomDomain, get_custom_domain},
    components::error_view::ErrorView,
    dto::{CurrentUser, settings::CustomDomain},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The custom domain page; customers are sent to their dashboard.
#[component]
pub fn DomainPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query = use_query_map();
    let state = Memo::new(move |_| {
        let q = query.read();
        (q.get("saved"), q.get("check"))
    });
    let data = page_data(move || state.get(), |_| get_custom_domain());
    view! {
        <Title text="Custom domain" />
        <h1>"Custom domain"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (saved, check) = state.get_untracked();
                match data.await {
                    Ok(d) => view! { <Form d saved check /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn message(saved: Option<&str>, check: Option<&str>) -> Option<&'static str> {
    if saved == Some("domain") {
        return Some("Custom domain saved. It serves the portal once its DNS check passes.");
    }
    match check? {
        "points" => Some("DNS check: the domain points to this portal, and now serves it."),
        "elsewhere" => Some("DNS check: the domain resolves, but not to this portal yet."),
        "unresolved" => Some("DNS check: the domain does not resolve yet."),
        _ => None,
    }
}

#[component]
fn Form(d: CustomDomain, saved: Option<String>, check: Option<String>) -> impl IntoView {
    let ro = !d.can_edit;
    let set = ServerAction::<SetCustomDomain>::new();
    let run = ServerAction::<CheckCustomDomain>::new();
    let value = Signal::derive(move || set.value().get());
    let field_error = Signal::derive(move || {
        value
            .get()
            .and_then(Result::err)
            .and_then(|e: AppError| e.field("domain"))
    });
    let other_error = move || {
        value
            .get()
            .and_then(Result::err)
            .filter(|e| e.field("domain").is_none())
            .map(|error| view! { <ErrorView error /> })
    };
    let run_error = move || {
        run.value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> })
    };
    let status = match (&d.domain, &d.pending) {
        (_, Some(pending)) => Some(format!(
            "{pending} is waiting for its DNS check: create the record below, then \"Check DNS \
             now\" (Keyport also checks every hour). It serves the portal once the check passes."
        )),
        (Some(serving), None) => Some(format!("{serving} serves the portal.")),
        (None, None) => None,
    };
    let status = status.map(|text| view! { <p data-testid="domain-status">{text}</p> });
    let asked = d.pending.clone().or_else(|| d.domain.clone());
    let record = asked.clone().map(|domain| {
        view! {
            <h2>"DNS record to create"</h2>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Value"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>"CNAME"</td>
                        <td>
                            <code>{domain}</code>
                        </td>
                        <td>
                            <code data-testid="cname-target">{d.target.clone()}</code>
                        </td>
                    </tr>
                </tbody>
            </table>
            <ActionForm action=run attr:aria-label="Check DNS">
                {run_error}
                <button type="submit" class="secondary">
                    "Check DNS now"
                </button>
            </ActionForm>
        }
    });
    view! {
        <p role="status" class="notice">
            {message(saved.as_deref(), check.as_deref())}
        </p>
        {status}
        <ActionForm action=set attr:aria-label="Custom domain">
            {other_error}
            <div class="field">
                <label for="domain">"Domain"</label>
                <input
                    id="domain"
                    name="domain"
                    type="text"
                    value=asked.unwrap_or_default()
                    placeholder="portal.example.com"
                    disabled=ro
                    aria-invalid=move || field_error.get().is_some().then_some("true")
                    aria-describedby=move || field_error.get().is_some().then_some("domain-error")
                />
                {move || {
                    field_error
                        .get()
                        .map(|m| view! { <p class="field-error" id="domain-error">{m}</p> })
                }}
            </div>
            {(!ro).then(|| view! { <button type="submit">"Save domain"</button> })}
        </ActionForm>
        {record}
    }
}
