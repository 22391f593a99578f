//! `/licenses/{id}`: one license, its limits and its machines.

use crate::{
    AppError,
    api::licenses::get_license,
    api::machines::DeactivateMachine,
    components::{
        confirm::{Confirm, ConfirmButton},
        copy_button::CopyButton,
        error_view::ErrorView,
        format,
        status_badge::StatusBadge,
    },
    dto::{CurrentUser, LicenseDetail, Machine},
    page_data::page_data,
    pages::{
        license_manage::{Assignment, LinkedGroups},
        not_found::NotFound,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The license page; any license the user may not see is "Not found" (HTTP 404).
#[component]
pub fn LicenseDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("saved"));
    let machines_after = Memo::new(move |_| query.read().get("machines_after"));
    // `saved` is in the key so a form that returns here shows the change.
    let license = page_data(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                saved.get(),
                machines_after.get(),
            )
        },
        |(id, _, after)| get_license(id, after),
    );
    let notice = move || match saved.get().as_deref() {
        Some("linked") => Some("Group linked to the license."),
        Some("unlinked") => Some("Group unlinked from the license."),
        Some("assigned") => Some("License assigned."),
        Some("unassigned") => Some("The license is assigned to nobody now."),
        _ => None,
    };
    view! {
        <p role="status" class="notice" data-testid="license-status">
            {notice}
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match license.await {
                    Ok(d) => view! { <Detail d /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(d: LicenseDetail) -> impl IntoView {
    let license_id = d.row.id.to_string();
    let manage = d.manage;
    let row = d.row;
    let offline = if d.offline_allowed {
        match d.offline_lease_days {
            Some(days) => format!("Allowed, lease of {days} days"),
            None => "Allowed".to_owned(),
        }
    } else {
        "Not allowed".to_owned()
    };
    view! {
        <Title text=row.product_name.clone() />
        <h1>{row.product_name.clone()}</h1>
        <p class="key-line">
            <code data-testid="license-key">{row.key.clone()}</code>
            <CopyButton value=row.key.clone() label="Copy key" />
        </p>
        <dl class="facts">
            <div>
                <dt>"Status"</dt>
                <dd>
                    <StatusBadge status=row.status />
                </dd>
            </div>
            <div>
                <dt>"Owner"</dt>
                <dd>{row.owner.clone()}</dd>
            </div>
            <div>
                <dt>"Expires"</dt>
                <dd>{format::date(row.expires_at)}</dd>
            </div>
            <div>
                <dt>"Maintenance until"</dt>
                <dd>{format::date(d.maintenance_expires_at)}</dd>
            </div>
            <div>
                <dt>"Activations"</dt>
                <dd>{row.activations}</dd>
            </div>
            <div>
                <dt>"Allowed activations"</dt>
                <dd>{format::limit(row.allowed_activations)}</dd>
            </div>
            <div>
                <dt>"Deactivations used"</dt>
                <dd>{d.deactivations_used}</dd>
            </div>
            <div>
                <dt>"Allowed deactivations"</dt>
                <dd>{format::limit(d.allowed_deactivations)}</dd>
            </div>
            <div>
                <dt>"Offline"</dt>
                <dd>{offline}</dd>
            </div>
        </dl>
        {(!d.metadata.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="metadata">
                        <h2 id="metadata">"Metadata"</h2>
                        <dl class="facts">
                            {d
                                .metadata
                                .into_iter()
                                .map(|(k, v)| {
                                    view! {
                                        <div>
                                            <dt>{k}</dt>
                                            <dd>{v}</dd>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    </section>
                }
            })}
        <LinkedGroups license_id=license_id.clone() linked=d.linked_groups manage=manage.clone() />
        {manage.map(|manage| view! { <Assignment license_id=license_id.clone() manage /> })}
        <section aria-labelledby="machines">
            <h2 id="machines">"Machines"</h2>
            <Machines rows=d.machines license_id />
            {d
                .machines_next
                .map(|next| {
                    view! {
                        <p>
                            <a href=format!("?machines_after={next}#machines") rel="next">
                                "More machines"
                            </a>
                        </p>
                    }
                })}
        </section>
    }
}

#[component]
fn Machines(rows: Vec<Machine>, license_id: String) -> impl IntoView {
    let can_deactivate = use_context::<CurrentUser>().is_some_and(|u| u.can_deactivate_machines);
    let deactivate = ServerAction::<DeactivateMachine>::new();
    let failed = move || deactivate.value().get().and_then(|r| r.err());
    if rows.is_empty() {
        return view! { <p class="empty">"No machines are activated on this license."</p> }
            .into_any();
    }
    view! {
        {move || failed().map(|error| view! { <ErrorView error /> })}
        <table>
            <thead>
                <tr>
                    <th scope="col">"Hostname"</th>
                    <th scope="col">"OS"</th>
                    <th scope="col">"Fingerprint"</th>
                    <th scope="col">"Mode"</th>
                    <th scope="col">"Activated"</th>
                    <th scope="col">"Last seen"</th>
                    {can_deactivate.then(|| view! { <th scope="col">"Actions"</th> })}
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|m| {
                        let label = format!("Deactivate {}", m.hostname);
                        let host = m.hostname.clone();
                        let license_id = license_id.clone();
                        view! {
                            <tr>
                                <td>{m.hostname}</td>
                                <td>{m.os}</td>
                                <td>
                                    <code>{m.fingerprint_prefix}</code>
                                </td>
                                <td>{m.mode}</td>
                                <td>{format::date_time(m.activated_at)}</td>
                                <td>{format::date_time(m.last_seen_at)}</td>
                                {can_deactivate
                                    .then(move || {
                                        view! {
                                            <td>
                                                <Confirm
                                                    action="Deactivate"
                                                    label=label.clone()
                                                    what=format!("The seat of {host} is freed. This counts against the license's allowed deactivations.")
                                                    undo="The machine must be activated again to run."
                                                >
                                                    <ActionForm action=deactivate>
                                                        <input type="hidden" name="license_id" value=license_id.clone() />
                                                        <input type="hidden" name="activation_id" value=m.id.to_string() />
                                                        <ConfirmButton text="Yes, deactivate" label=label.clone() />
                                                    </ActionForm>
                                                </Confirm>
                                            </td>
                                        }
                                    })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
