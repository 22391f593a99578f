//! `/org/users`: the organization's users, invitations, roles, status and contacts.

use crate::{
    api::org_users::{
        DeleteOrgUser, InviteUser, ResendInvitation, SetOrgContacts, SetOrgUserActive,
        UpdateOrgUser, list_org_users,
    },
    components::{
        confirm::{Confirm, ConfirmButton},
        error_view::ErrorView,
        field::Field,
        format::date_time,
        pager::{Pager, href},
        saves::Saves,
    },
    dto::org::{OrgUser, UsersPage},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The users page (needs `users.manage`).
#[component]
pub fn OrgUsersPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let after = Memo::new(move |_| query.read().get("after").filter(|a| !a.is_empty()));
    let saves = Saves::new();
    let page = page_data(
        move || (q.get(), after.get(), saves.revision()),
        |(q, after, _)| list_org_users(q, after),
    );
    view! {
        <Title text="Users" />
        <h1>"Users"</h1>
        {saves.notice(notice)}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let first = after.get_untracked().is_some();
                        saves.fresh(view! { <Users p q=q.get_untracked() first saves /> }).into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn notice(saved: &str) -> Option<&'static str> {
    match saved {
        "invited" => Some("Invitation sent."),
        "updated" => Some("User saved."),
        "disabled" => Some("User disabled and signed out everywhere."),
        "enabled" => Some("User enabled."),
        "deleted" => Some("User deleted."),
        "resent" => Some("A new invitation was sent."),
        "contacts" => Some("Contacts saved."),
        _ => None,
    }
}

#[component]
fn Users(p: UsersPage, q: String, first: bool, saves: Saves) -> impl IntoView {
    let invite = saves.action::<InviteUser, _>();
    let update = saves.action::<UpdateOrgUser, _>();
    let active = saves.action::<SetOrgUserActive, _>();
    let delete = saves.action::<DeleteOrgUser, _>();
    let resend = saves.action::<ResendInvitation, _>();
    let contacts = saves.action::<SetOrgContacts, _>();
    let invite_value = Signal::derive(move || invite.value().get());
    let field = move |name: &'static str| {
        Signal::derive(move || {
            invite_value
                .get()
                .and_then(|r| r.err())
                .and_then(|e| e.field(name))
        })
    };
    let usage = match p.cap {
        Some(cap) => format!("{} of {cap} users", p.used),
        None => format!("{} users (no limit)", p.used),
    };
    let roles = p.roles.clone();
    let owners = p.owners.clone();
    let next = p
        .next
        .map(|n| href("/org/users", &[("q", &q), ("after", &n.to_string())]));
    let first = first.then(|| href("/org/users", &[("q", &q)]));
    let empty = p.users.is_empty();
    view! {
        <p data-testid="user-usage">{usage}</p>
        <form method="get" action="/org/users" role="search" class="filters">
            <div class="field">
                <label for="q">"Search by name or email"</label>
                <input id="q" name="q" type="search" value=q aria-describedby="q_hint" />
                <p id="q_hint" class="muted">"The start of an email, a full name or a last name."</p>
            </div>
            <button type="submit">"Search"</button>
        </form>
        {super::action_error(update.value())}
        {super::action_error(active.value())}
        {super::action_error(delete.value())}
        {super::action_error(resend.value())}
        // A phone scrolls the table in its box (which the keyboard reaches too), never the page.
        <div class="table-scroll" tabindex="0" role="region" aria-label="People">
            <table>
                <caption>"People of your organization"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Name and role"</th>
                        <th scope="col">"Groups"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Last sign-in"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {p
                        .users
                        .into_iter()
                        .map(|u| view! { <Row u roles=roles.clone() update active delete resend /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="muted">"No user matches."</p> })}
        <Pager label="Pages of users".to_owned() next first />
        <ActionForm action=invite attr:aria-label="Invite a user">
            <h2>"Invite a user"</h2>
            {move || {
                invite_value
                    .get()
                    .and_then(Result::err)
                    .filter(|e| {
                        ["email", "first_name", "last_name"]
                            .iter()
                            .all(|f| e.field(f).is_none())
                    })
                    .map(|error| view! { <ErrorView error /> })
            }}
            <Field label="Email" name="email" id="invite_email" kind="email" error=field("email") />
            <Field label="First name" name="first_name" id="invite_first_name" error=field("first_name") />
            <Field label="Last name" name="last_name" id="invite_last_name" error=field("last_name") />
            <div class="field">
                <label for="invite_role">"Role"</label>
                <select id="invite_role" name="role">
                    {p
                        .roles
                        .iter()
                        .map(|(id, label)| {
                            view! {
                                <option value=id.clone() selected=id == "member">
                                    {label.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">"Send invitation"</button>
        </ActionForm>
        <ActionForm action=contacts attr:aria-label="Contacts">
            <h2>"Contacts"</h2>
            <p class="muted">"Both contacts must be active Owners."</p>
            {super::action_error(contacts.value())}
            <div class="field">
                <label for="primary">"Primary contact"</label>
                <select id="primary" name="primary">
                    {owners
                        .iter()
                        .map(|o| {
                            view! {
                                <option value=o.0.to_string() selected=Some(o.0) == p.primary_contact_id>
                                    {o.1.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="secondary">"Secondary contact"</label>
                <select id="secondary" name="secondary">
                    <option value="">"None"</option>
                    {owners
                        .iter()
                        .map(|o| {
                            view! {
                                <option value=o.0.to_string() selected=Some(o.0) == p.secondary_contact_id>
                                    {o.1.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">"Save contacts"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn Row(
    u: OrgUser,
    roles: Vec<(String, String)>,
    update: ServerAction<UpdateOrgUser>,
    active: ServerAction<SetOrgUserActive>,
    delete: ServerAction<DeleteOrgUser>,
    resend: ServerAction<ResendInvitation>,
) -> impl IntoView {
    let id = u.id.to_string();
    let (id_role, id_active, id_resend, id_delete) = (id.clone(), id.clone(), id.clone(), id);
    let name = u.name();
    let status = match u.status.as_str() {
        "invited" => "Invited",
        "disabled" => "Disabled",
        _ => "Active",
    };
    let disabled = u.status == "disabled";
    let invited = u.status == "invited";
    let role_label = format!("Role of {name}");
    let first_label = format!("First name of {name}");
    let last_label = format!("Last name of {name}");
    let edit_label = format!("Edit {name}");
    let save_label = format!("Save name and role of {name}");
    let toggle = if disabled { "Enable" } else { "Disable" };
    let toggle_label = format!("{toggle} {name}");
    let resend_label = format!("Resend invitation to {name}");
    let delete_label = format!("Delete {name}");
    let disable_what = format!(
        "{name} is signed out everywhere and cannot sign in until enabled; they keep their groups and licenses."
    );
    let delete_what = format!(
        "{name} leaves your organization and its groups, the licenses assigned to them become unassigned, and machines they activated stay active."
    );
    let options = roles
        .iter()
        .map(|(rid, label)| {
            view! {
                <option value=rid.clone() selected=*rid == u.role>
                    {label.clone()}
                </option>
            }
        })
        .collect_view();
    let last = u
        .last_login_at
        .map(date_time)
        .unwrap_or_else(|| "Never".to_owned());
    let groups = u.groups.join(", ");
    view! {
        <tr>
            <td>{name}</td>
            <td>{u.email}</td>
            <td>
                <ActionForm action=update attr:aria-label=edit_label attr:class="inline">
                    <input type="hidden" name="user_id" value=id_role />
                    <input
                        type="text"
                        name="first_name"
                        value=u.first_name
                        aria-label=first_label
                        required
                        maxlength="200"
                        autocomplete="off"
                    />
                    <input
                        type="text"
                        name="last_name"
                        value=u.last_name
                        aria-label=last_label
                        required
                        maxlength="200"
                        autocomplete="off"
                    />
                    <select name="role" aria-label=role_label>
                        {options}
                    </select>
                    <button type="submit" aria-label=save_label>
                        "Save"
                    </button>
                </ActionForm>
            </td>
            <td>{groups}</td>
            <td>{status}</td>
            <td>{last}</td>
            <td class="actions">
                {if disabled {
                    view! {
                        <ActionForm action=active attr:class="inline">
                            <input type="hidden" name="user_id" value=id_active />
                            <input type="hidden" name="active" value="true" />
                            <button type="submit" aria-label=toggle_label>{toggle}</button>
                        </ActionForm>
                    }
                        .into_any()
                } else {
                    view! {
                        <Confirm action="Disable" label=toggle_label.clone() what=disable_what undo="You can enable them again.">
                            <ActionForm action=active attr:class="inline">
                                <input type="hidden" name="user_id" value=id_active />
                                <input type="hidden" name="active" value="false" />
                                <ConfirmButton text="Yes, disable" label=toggle_label />
                            </ActionForm>
                        </Confirm>
                    }
                        .into_any()
                }}
                {invited
                    .then(move || {
                        view! {
                            <ActionForm action=resend attr:class="inline">
                                <input type="hidden" name="user_id" value=id_resend />
                                <button type="submit" aria-label=resend_label>
                                    "Resend invitation"
                                </button>
                            </ActionForm>
                        }
                    })}
                <Confirm action="Delete" label=delete_label.clone() what=delete_what undo="This cannot be undone.">
                    <ActionForm action=delete attr:class="inline">
                        <input type="hidden" name="user_id" value=id_delete />
                        <ConfirmButton text="Yes, delete" label=delete_label />
                    </ActionForm>
                </Confirm>
            </td>
        </tr>
    }
    .into_any()
}
