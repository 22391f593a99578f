//! `/vendor/organizations`: vendor staff see every customer organization; vendor admins
//! create them, edit the name and allowed users, set the contacts and invite customer users.
//! Plain forms: everything works without the WASM.

use crate::{
    api::vendor_orgs::{
        CreateOrganization, InviteToOrganization, SetOrganizationContacts, UpdateOrganization,
        get_vendor_organizations,
    },
    components::error_view::ErrorView,
    dto::{
        CurrentUser, Named,
        vendor_orgs::{VendorOrg, VendorOrgs},
    },
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The customer roles an invitation may give: stored id and label.
const ROLES: [(&str, &str); 5] = [
    ("owner", "Owner"),
    ("accountant", "Accountant"),
    ("operations_manager", "Operations manager"),
    ("member", "Member"),
    ("viewer", "Viewer"),
];

/// The vendor's organizations; customers are sent to their dashboard.
#[component]
pub fn VendorOrgsPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("saved"));
    let data = page_data(move || saved.get(), |_| get_vendor_organizations());
    view! {
        <Title text="Organizations" />
        <h1>"Organizations"</h1>
        <p role="status" class="notice">{move || saved_message(saved.get().as_deref())}</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Orgs d /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn saved_message(saved: Option<&str>) -> Option<&'static str> {
    Some(match saved? {
        "created" => "Organization created.",
        "updated" => "Organization saved.",
        "contacts" => "Contacts saved.",
        "invited" => "Invitation sent: the email is in the outbox.",
        _ => return None,
    })
}

#[component]
fn Orgs(d: VendorOrgs) -> impl IntoView {
    let can_manage = d.can_manage;
    view! {
        {if can_manage {
            view! { <CreateForm /> }.into_any()
        } else {
            view! { <p>"Vendor admins create and change organizations; support staff read them."</p> }
                .into_any()
        }}
        <h2>"All organizations"</h2>
        {if d.organizations.is_empty() {
            view! { <p class="empty">"No organizations yet."</p> }.into_any()
        } else {
            d.organizations
                .into_iter()
                .map(|o| view! { <Org o can_manage /> })
                .collect_view()
                .into_any()
        }}
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let create = ServerAction::<CreateOrganization>::new();
    view! {
        <h2>"Create an organization"</h2>
        <ActionForm action=create attr:aria-label="Create an organization" attr:class="stacked">
            {move || create.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
            <div class="field">
                <label for="new-org-name">"Name"</label>
                <input id="new-org-name" name="name" type="text" required maxlength="200" />
            </div>
            <div class="field">
                <label for="new-org-allowed">"Allowed users (blank: unlimited)"</label>
                <input id="new-org-allowed" name="allowed_users" type="text" inputmode="numeric" />
            </div>
            <button type="submit">"Create organization"</button>
        </ActionForm>
    }
}

fn contact_name(o: &VendorOrg, id: Option<uuid::Uuid>) -> String {
    id.and_then(|id| o.owners.iter().find(|u| u.id == id))
        .map_or_else(|| "None".to_owned(), |u| u.name.clone())
}

#[component]
fn Org(o: VendorOrg, can_manage: bool) -> impl IntoView {
    let cap = o
        .allowed_users
        .map_or_else(|| "unlimited".to_owned(), |n| n.to_string());
    let summary = format!("{} of {cap} users", o.users);
    let (primary, secondary) = (
        contact_name(&o, o.primary_contact_id),
        contact_name(&o, o.secondary_contact_id),
    );
    view! {
        <section class="card" data-testid="vendor-org" aria-label=o.name.clone()>
            <h3>{o.name.clone()}</h3>
            <p>{summary} " · Primary contact: " {primary} " · Secondary contact: " {secondary}</p>
            {can_manage.then(|| view! {
                <EditForm o=o.clone() />
                <ContactsForm o=o.clone() />
                <InviteForm o=o.clone() />
            })}
        </section>
    }
}

#[component]
fn EditForm(o: VendorOrg) -> impl IntoView {
    let action = ServerAction::<UpdateOrganization>::new();
    let id = o.id.to_string();
    let (name_id, cap_id) = (format!("org-name-{id}"), format!("org-cap-{id}"));
    let (form_label, save_label) = (format!("Edit {}", o.name), format!("Save {}", o.name));
    let cap = o.allowed_users.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <ActionForm action attr:class="inline" attr:aria-label=form_label>
            <input type="hidden" name="id" value=id />
            <label for=name_id.clone()>"Name"</label>
            <input id=name_id name="name" type="text" required maxlength="200" value=o.name />
            <label for=cap_id.clone()>"Allowed users"</label>
            <input id=cap_id name="allowed_users" type="text" inputmode="numeric" value=cap />
            <button type="submit" class="secondary" aria-label=save_label>"Save"</button>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
        </ActionForm>
    }
}

fn owner_options(owners: &[Named], selected: Option<uuid::Uuid>) -> impl IntoView + use<> {
    owners
        .iter()
        .map(|u| {
            let (id, name) = (u.id, u.name.clone());
            view! { <option value=id.to_string() selected=Some(id) == selected>{name}</option> }
        })
        .collect_view()
}

#[component]
fn ContactsForm(o: VendorOrg) -> impl IntoView {
    let action = ServerAction::<SetOrganizationContacts>::new();
    let id = o.id.to_string();
    if o.owners.is_empty() {
        return view! { <p class="muted">"Contacts must be active Owners: invite an Owner first."</p> }
            .into_any();
    }
    let (p_id, s_id) = (format!("org-primary-{id}"), format!("org-secondary-{id}"));
    let (form_label, save_label) = (
        format!("Contacts of {}", o.name),
        format!("Save contacts of {}", o.name),
    );
    let primary = owner_options(&o.owners, o.primary_contact_id);
    let secondary = owner_options(&o.owners, o.secondary_contact_id);
    view! {
        <ActionForm action attr:class="inline" attr:aria-label=form_label>
            <input type="hidden" name="id" value=id />
            <label for=p_id.clone()>"Primary contact"</label>
            <select id=p_id name="primary_contact_id">{primary}</select>
            <label for=s_id.clone()>"Secondary contact"</label>
            <select id=s_id name="secondary_contact_id">
                <option value="">"None"</option>
                {secondary}
            </select>
            <button type="submit" class="secondary" aria-label=save_label>"Save contacts"</button>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
        </ActionForm>
    }
    .into_any()
}

#[component]
fn InviteForm(o: VendorOrg) -> impl IntoView {
    let action = ServerAction::<InviteToOrganization>::new();
    let id = o.id.to_string();
    let [email, first, last, role] =
        ["email", "first", "last", "role"].map(|field| format!("invite-{field}-{id}"));
    let (form_label, button_label) = (
        format!("Invite a user to {}", o.name),
        format!("Invite to {}", o.name),
    );
    view! {
        <ActionForm action attr:class="inline" attr:aria-label=form_label>
            <input type="hidden" name="id" value=id />
            <label for=email.clone()>"Email"</label>
            <input id=email name="email" type="email" required />
            <label for=first.clone()>"First name"</label>
            <input id=first name="first_name" type="text" required />
            <label for=last.clone()>"Last name"</label>
            <input id=last name="last_name" type="text" required />
            <label for=role.clone()>"Role"</label>
            <select id=role name="role">
                {ROLES.iter().map(|(v, l)| view! { <option value=*v selected=*v == "member">{*l}</option> }).collect_view()}
            </select>
            <button type="submit" class="secondary" aria-label=button_label>"Invite"</button>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
        </ActionForm>
    }
}
