//! `/vendor/licenses`: vendor staff issue licenses, suspend, reinstate and revoke them, and read
//! each product's public key. Plain forms: everything works before (and without) the WASM.

use crate::{
    api::vendor_licenses::{
        ChangeLicenseStatus, CreateLicense, get_license_choices, list_issued_licenses,
    },
    components::{
        confirm::{Confirm, ConfirmButton},
        copy_button::CopyButton,
        error_view::ErrorView,
        format,
        status_badge::StatusBadge,
    },
    dto::{CurrentUser, LicenseRow, LicenseStatus, vendor_licenses::LicenseChoices},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The vendor's license console; customers are sent to their dashboard.
#[component]
pub fn VendorLicensesPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query = use_query_map();
    let state = Memo::new(move |_| {
        let q = query.read();
        (q.get("saved"), q.get("license"), q.get("q"))
    });
    let choices = page_data(move || state.get(), |_| get_license_choices());
    let list = page_data(
        move || state.get(),
        |(_, _, q)| list_issued_licenses(q, None),
    );
    view! {
        <Title text="Licenses" />
        <h1>"Licenses"</h1>
        <p role="status" class="notice">
            {move || {
                let (saved, license, _) = state.get();
                saved_message(saved.as_deref(), license)
            }}
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(c) => view! { <IssueForm c /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
        <h2>"Issued licenses"</h2>
        <form method="get" action="/vendor/licenses" class="filters" role="search">
            <label for="q">"Key starts with"</label>
            <input id="q" name="q" type="search" value=move || state.get().2.unwrap_or_default() />
            <button type="submit" class="secondary">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let can_manage = user.is_admin;
                match list.await {
                    Ok(page) if page.rows.is_empty() => {
                        view! { <p class="empty">"No licenses to show."</p> }.into_any()
                    }
                    Ok(page) => view! { <Table rows=page.rows can_manage /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn saved_message(saved: Option<&str>, license: Option<String>) -> Option<AnyView> {
    let text = match saved? {
        "issued" => "License issued.",
        "suspended" => "The license was suspended.",
        "active" => "The license was reinstated.",
        "revoked" => "The license was revoked.",
        _ => return None,
    };
    let link = license
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(|id| view! { " " <a href=format!("/licenses/{id}")>"Open it to read its key."</a> });
    Some(view! { {text} {link} }.into_any())
}

#[component]
fn IssueForm(c: LicenseChoices) -> impl IntoView {
    let keys = view! { <ProductKeys c=c.clone() /> };
    if !c.can_manage {
        return view! {
            <p>"Vendor admins issue and change licenses; support staff read them."</p>
            {keys}
        }
        .into_any();
    }
    let create = ServerAction::<CreateLicense>::new();
    // One alert for whatever the server refused: the sentence names the field.
    let error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> })
    };
    view! {
        <h2>"Issue a license"</h2>
        <ActionForm action=create attr:aria-label="Issue a license" attr:class="stacked">
            {error}
            <div class="field">
                <label for="product">"Product"</label>
                <select id="product" name="product" required>
                    {c.products.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="organization">"Organization"</label>
                <select id="organization" name="organization">
                    <option value="">"None (an individual customer)"</option>
                    {c.organizations.iter().map(|o| view! { <option value=o.id.to_string()>{o.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="owner">"Assigned to user (email; blank: nobody in particular)"</label>
                <input id="owner" name="owner" type="email" autocomplete="off" />
            </div>
            <div class="field">
                <label for="expires">"Expires on (blank: never)"</label>
                <input id="expires" name="expires" type="date" />
            </div>
            <div class="field">
                <label for="maintenance_expires">"Maintenance ends on (blank: never)"</label>
                <input id="maintenance_expires" name="maintenance_expires" type="date" />
            </div>
            <div class="field">
                <label for="allowed_activations">"Allowed activations (blank: unlimited)"</label>
                <input id="allowed_activations" name="allowed_activations" type="text" inputmode="numeric" value="3" />
            </div>
            <div class="field">
                <label for="allowed_deactivations">"Allowed deactivations (blank: unlimited)"</label>
                <input id="allowed_deactivations" name="allowed_deactivations" type="text" inputmode="numeric" />
            </div>
            <div class="field checkbox">
                <input id="offline" name="offline" type="checkbox" value="on" />
                <label for="offline">"Offline activation allowed"</label>
            </div>
            <div class="field">
                <label for="lease_days">"Offline lease in days (blank: no expiry)"</label>
                <input id="lease_days" name="lease_days" type="text" inputmode="numeric" />
            </div>
            <div class="field">
                <label for="metadata">"Metadata (one key=value per line)"</label>
                <textarea id="metadata" name="metadata" rows="3"></textarea>
            </div>
            <button type="submit">"Issue license"</button>
        </ActionForm>
        {keys}
    }
    .into_any()
}

#[component]
fn ProductKeys(c: LicenseChoices) -> impl IntoView {
    view! {
        <h2>"Product keys"</h2>
        <p>
            "Applications verify signed activations and offline responses with these Ed25519 keys, also served at "
            <code>"/api/v1/products/{id}/public-key"</code>"."
        </p>
        <table>
            <thead>
                <tr>
                    <th scope="col">"Product"</th>
                    <th scope="col">"Key id"</th>
                    <th scope="col">"Public key"</th>
                </tr>
            </thead>
            <tbody>
                {c.products.into_iter().map(|p| view! {
                    <tr data-testid="product-key">
                        <td>{p.name.clone()}</td>
                        <td><code>{p.kid.clone()}</code></td>
                        <td class="wrap">
                            <code>{p.public_key.clone()}</code>
                            " "
                            <CopyButton value=p.public_key label="Copy" />
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Table(rows: Vec<LicenseRow>, can_manage: bool) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="licenses">
                <thead>
                    <tr>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Product"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Activations"</th>
                        {can_manage.then(|| view! { <th scope="col">"Actions"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <Row row can_manage /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Row(row: LicenseRow, can_manage: bool) -> impl IntoView {
    let changes: &[(&str, &str)] = match row.status {
        LicenseStatus::Revoked => &[],
        LicenseStatus::Suspended => &[("reinstate", "Reinstate"), ("revoke", "Revoke")],
        _ => &[("suspend", "Suspend"), ("revoke", "Revoke")],
    };
    let id = row.id.to_string();
    let key = row.key.clone();
    view! {
        <tr data-testid="vendor-license">
            <td><a class="key" href=format!("/licenses/{}", row.id)>{row.key.clone()}</a></td>
            <td class="wrap">{row.product_name.clone()}</td>
            <td class="wrap">{row.owner.clone()}</td>
            <td><StatusBadge status=row.status /></td>
            <td>{format::date(row.expires_at)}</td>
            <td>{format::usage(row.activations, row.allowed_activations)}</td>
            {can_manage.then(|| view! {
                <td class="actions">
                    {changes.iter().map(|(change, label)| view! {
                        <StatusForm id=id.clone() change label key=key.clone() />
                    }).collect_view()}
                </td>
            })}
        </tr>
    }
}

#[component]
fn StatusForm(id: String, change: &'static str, label: &'static str, key: String) -> impl IntoView {
    let action = ServerAction::<ChangeLicenseStatus>::new();
    let error = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error /> })
    };
    let name = format!("{label} {key}");
    let form = move |button: AnyView| {
        view! {
            <ActionForm action attr:class="inline">
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="change" value=change />
                {button}
                {error}
            </ActionForm>
        }
    };
    // Suspending and revoking stop the customer's software: both ask first. Reinstating does not.
    let (what, undo, confirm) = match change {
        "suspend" => (
            format!(
                "{key} is refused at its next check on every machine; its activations are kept."
            ),
            "You can reinstate it.",
            "Yes, suspend",
        ),
        "revoke" => (
            format!("{key} is refused at its next check on every machine, for good."),
            "This cannot be undone.",
            "Yes, revoke",
        ),
        _ => {
            return form(
                view! { <button type="submit" class="secondary" aria-label=name>{label}</button> }
                    .into_any(),
            )
            .into_any();
        }
    };
    view! {
        <Confirm action=label label=name.clone() what undo>
            {form(view! { <ConfirmButton text=confirm label=name /> }.into_any())}
        </Confirm>
    }
    .into_any()
}
