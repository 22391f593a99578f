//! `/vendor/settings/portal`: modes, catalog defaults, allowed customer actions and the
//! permission matrix. Vendor admins change them; vendor support only reads.

mod offline;

use crate::{
    api::settings::{
        ResetPermissionMatrix, UpdateAllowedActions, UpdateCatalogDefaults, UpdatePermissionMatrix,
        UpdatePortalModes, get_portal_settings,
    },
    components::{
        confirm::{Confirm, ConfirmButton},
        error_view::ErrorView,
        saves::Saves,
    },
    dto::{CurrentUser, settings::PortalSettings},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The settings page; customers are sent to their own dashboard.
#[component]
pub fn PortalSettingsPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let saves = Saves::new();
    let data = page_data(move || saves.revision(), |_| get_portal_settings());
    view! {
        <Title text="Portal settings" />
        <h1>"Portal settings"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => saves.fresh(view! { <Forms s saves /> }).into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn notice(saved: &str) -> Option<&'static str> {
    match saved {
        "modes" => Some("Portal modes saved."),
        "catalog" => Some("Catalog defaults saved."),
        "offline" => Some("Offline request age saved."),
        "actions" => Some("Allowed actions saved."),
        "matrix" => Some("Permission matrix saved."),
        "reset" => Some("Permission matrix reset to the defaults."),
        _ => None,
    }
}

/// An error of a settings form, shown above its fields.
fn form_error<A>(action: ServerAction<A>) -> impl Fn() -> Option<AnyView>
where
    A: leptos::server_fn::ServerFn<Output = (), Error = crate::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> }.into_any())
    }
}

#[component]
fn Check(name: &'static str, label: &'static str, checked: bool, disabled: bool) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=name name=name value="on" checked=checked disabled=disabled />
            <label for=name>{label}</label>
        </div>
    }
}

#[component]
fn Forms(s: PortalSettings, saves: Saves) -> impl IntoView {
    let ro = !s.can_edit;
    let modes = saves.action::<UpdatePortalModes, _>();
    let catalog = saves.action::<UpdateCatalogDefaults, _>();
    view! {
        {saves.notice(notice)}
        {ro.then(|| view! { <p class="muted">"Only vendor admins can change these settings."</p> })}
        <ActionForm action=modes attr:aria-label="Portal modes">
            <h2>"Modes"</h2>
            {form_error(modes)}
            <Check name="portal_enabled" label="Portal enabled" checked=s.portal_enabled disabled=ro />
            <Check
                name="logged_in_portal_enabled"
                label="Customers may sign in (logged-in portal)"
                checked=s.logged_in_portal_enabled
                disabled=ro
            />
            <Check
                name="secure_link_approval"
                label="Accept offers from a secure link"
                checked=s.secure_link_approval
                disabled=ro
            />
            <Check
                name="secure_link_payment"
                label="Pay invoices from a secure link"
                checked=s.secure_link_payment
                disabled=ro
            />
            <Check
                name="customer_self_service"
                label="Customer self-service (request services and cancellations)"
                checked=s.customer_self_service
                disabled=ro
            />
            <Check
                name="audit_portal_actions"
                label="Record customer actions in the audit log"
                checked=s.audit_portal_actions
                disabled=ro
            />
            {(!ro).then(|| view! { <button type="submit">"Save modes"</button> })}
        </ActionForm>
        <ActionForm action=catalog attr:aria-label="Catalog defaults">
            <h2>"Catalog defaults"</h2>
            {form_error(catalog)}
            <Check
                name="products_visible_by_default"
                label="New products are visible to customers"
                checked=s.products_visible_by_default
                disabled=ro
            />
            {(!ro).then(|| view! { <button type="submit">"Save catalog defaults"</button> })}
        </ActionForm>
        <offline::OfflineAge days=s.offline_max_age_days ro saves />
        <Actions s=s.clone() saves />
        <Matrix s saves />
    }
}

#[component]
fn Actions(s: PortalSettings, saves: Saves) -> impl IntoView {
    let ro = !s.can_edit;
    let action = saves.action::<UpdateAllowedActions, _>();
    view! {
        <ActionForm action attr:aria-label="Allowed customer actions">
            <h2>"Allowed customer actions"</h2>
            {form_error(action)}
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Action"</th>
                            <th scope="col">"Enabled"</th>
                            <th scope="col">"Customer-visible"</th>
                            <th scope="col">"Availability"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {s
                            .actions
                            .into_iter()
                            .map(|a| {
                                let on_label = format!("Enable {}", a.id);
                                let vis_label = format!("{} visible to customers", a.id);
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <code>{a.id.clone()}</code>
                                        </th>
                                        <td>
                                            <input
                                                type="checkbox"
                                                name="enabled[]"
                                                value=a.id.clone()
                                                checked=a.enabled
                                                disabled=ro
                                                aria-label=on_label
                                            />
                                        </td>
                                        <td>
                                            <input
                                                type="checkbox"
                                                name="visible[]"
                                                value=a.id.clone()
                                                checked=a.visible
                                                disabled=ro
                                                aria-label=vis_label
                                            />
                                        </td>
                                        <td>
                                            {if a.available {
                                                "Available"
                                            } else {
                                                "Not available yet"
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(!ro).then(|| view! { <button type="submit">"Save allowed actions"</button> })}
        </ActionForm>
    }
}

#[component]
fn Matrix(s: PortalSettings, saves: Saves) -> impl IntoView {
    let ro = !s.can_edit;
    let save = saves.action::<UpdatePermissionMatrix, _>();
    let reset = saves.action::<ResetPermissionMatrix, _>();
    let roles = s.roles.clone();
    let header = roles
        .iter()
        .map(|r| view! { <th scope="col">{r.label.clone()}</th> })
        .collect_view();
    let rows = s
        .actions
        .iter()
        .map(|a| {
            let cells = roles
                .iter()
                .map(|r| {
                    let value = format!("{}:{}", r.id, a.id);
                    let label = format!("{}: {}", r.label, a.id);
                    let checked = r.grants.contains(&a.id);
                    view! {
                        <td>
                            <input
                                type="checkbox"
                                name="grant[]"
                                value=value
                                checked=checked
                                disabled=ro
                                aria-label=label
                            />
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        <code>{a.id.clone()}</code>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:aria-label="Permission matrix">
            <h2>"Permission matrix"</h2>
            <p class="muted">
                "A customer may do something when the action is enabled and customer-visible above, and their role has it here."
            </p>
            {form_error(save)}
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Permission"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(!ro).then(|| view! { <button type="submit">"Save permission matrix"</button> })}
        </ActionForm>
        {(!ro)
            .then(|| {
                view! {
                    <Confirm
                        action="Reset to defaults"
                        label="Reset to defaults"
                        what="Every role gets Keyport's default permissions again; your changes to the matrix are lost."
                        undo="This cannot be undone."
                    >
                        <ActionForm action=reset attr:aria-label="Reset permission matrix">
                            <ConfirmButton text="Yes, reset" label="Reset to defaults" />
                        </ActionForm>
                    </Confirm>
                }
            })}
        <h2>"What each role can do"</h2>
        <dl class="facts" data-testid="role-summaries">
            {s
                .roles
                .into_iter()
                .map(|r| {
                    view! {
                        <div>
                            <dt>{r.label}</dt>
                            <dd>{r.summary}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
