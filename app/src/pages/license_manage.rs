//! The admin part of a license page: the groups linked to it (link, unlink) and the user it
//! is assigned to directly. Plain forms that return to the license page, so they work before
//! the WASM loads and with the keyboard.

use crate::{
    api::org_groups::{AssignOrgLicense, LinkGroupLicense, UnlinkGroupLicense},
    components::confirm::{Confirm, ConfirmButton},
    dto::{LicenseManage, Named},
};
use leptos::prelude::*;

/// "Linked groups": the list, with an "Unlink" form each and a "Link a group" form when the
/// user may change them (`manage` is set).
#[component]
pub fn LinkedGroups(
    license_id: String,
    linked: Vec<Named>,
    manage: Option<LicenseManage>,
) -> impl IntoView {
    let link = ServerAction::<LinkGroupLicense>::new();
    let unlink = ServerAction::<UnlinkGroupLicense>::new();
    let can_change = manage.is_some();
    let empty = linked.is_empty();
    let unlink_license = license_id.clone();
    let items = linked
        .into_iter()
        .map(|g| {
            let license_id = unlink_license.clone();
            let label = format!("Unlink {}", g.name);
            let what = format!(
                "Members of {} stop seeing this license unless they see it another way.",
                g.name
            );
            view! {
                <li>
                    {g.name}
                    {can_change
                        .then(move || {
                            view! {
                                <Confirm action="Unlink" label=label.clone() what undo="You can link it again.">
                                    <ActionForm action=unlink attr:class="inline">
                                        <input type="hidden" name="group_id" value=g.id.to_string() />
                                        <input type="hidden" name="license_id" value=license_id />
                                        <input type="hidden" name="back" value="license" />
                                        <ConfirmButton text="Yes, unlink" label />
                                    </ActionForm>
                                </Confirm>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="groups" data-testid="linked-groups">
            <h2 id="groups">"Linked groups"</h2>
            {super::org::action_error(unlink.value())}
            {if empty {
                view! { <p class="empty">"No groups are linked to this license."</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
            {manage
                .map(|m| {
                    if m.unlinked_groups.is_empty() {
                        return view! {
                            <p class="muted">"Every group of your organization is linked."</p>
                        }
                            .into_any();
                    }
                    view! {
                        <ActionForm action=link attr:aria-label="Link a group">
                            {super::org::action_error(link.value())}
                            <input type="hidden" name="license_id" value=license_id />
                            <input type="hidden" name="back" value="license" />
                            <div class="field">
                                <label for="link_group">"Group"</label>
                                <select id="link_group" name="group_id">
                                    {m
                                        .unlinked_groups
                                        .into_iter()
                                        .map(|g| {
                                            view! { <option value=g.id.to_string()>{g.name}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                            <button type="submit">"Link group"</button>
                        </ActionForm>
                    }
                        .into_any()
                })}
        </section>
    }
}

/// "Assigned to": the user who sees the license directly, whatever their groups.
#[component]
pub fn Assignment(license_id: String, manage: LicenseManage) -> impl IntoView {
    let assign = ServerAction::<AssignOrgLicense>::new();
    let unassign = ServerAction::<AssignOrgLicense>::new();
    let unassign_license = license_id.clone();
    let (current, current_email) = match manage.assigned {
        Some((person, email)) => (Some(person.name), email),
        None => (None, String::new()),
    };
    view! {
        <section aria-labelledby="assignment">
            <h2 id="assignment">"Assigned to"</h2>
            <p class="muted">
                "The user a license is assigned to sees it directly, whatever their groups."
            </p>
            <ActionForm action=assign attr:aria-label="Assign to a user">
                {super::org::action_error(assign.value())}
                <input type="hidden" name="license_id" value=license_id.clone() />
                <div class="field">
                    <label for="assign_user">"User's email"</label>
                    <input
                        id="assign_user"
                        name="user_id"
                        type="email"
                        required
                        autocomplete="off"
                        value=current_email
                    />
                </div>
                <button type="submit">"Save assignment"</button>
            </ActionForm>
            {current
                .map(|name| {
                    view! {
                        <p>"Assigned to " {name} "."</p>
                        <ActionForm action=unassign attr:aria-label="Remove the assignment">
                            <input type="hidden" name="license_id" value=unassign_license />
                            <input type="hidden" name="user_id" value="" />
                            <button type="submit" class="secondary">
                                "Remove the assignment"
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}
