//! `/org/groups`: groups, their members (drag and drop, or the "Add to group" form) and the
//! licenses linked to them.

use std::collections::HashMap;

use crate::{
    api::org_groups::{
        AddGroupMember, CreateOrgGroup, DeleteOrgGroup, LinkGroupLicense, RemoveGroupMember,
        UnlinkGroupLicense, UpdateOrgGroup, list_org_groups,
    },
    components::{error_view::ErrorView, field::Field},
    dto::org::{Group, GroupsPage},
    pages::org_dnd::{ClientOnly, DragBoard, DropFeedback},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// The groups page (needs `groups.manage` or `groups.assign_licenses`).
#[component]
pub fn OrgGroupsPage() -> impl IntoView {
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("saved"));
    let page = Resource::new(move || saved.get(), |_| list_org_groups());
    let notice = move || match saved.get().as_deref() {
        Some("created") => Some("Group created."),
        Some("updated") => Some("Group saved."),
        Some("deleted") => Some("Group deleted."),
        Some("member_added") => Some("Added to the group."),
        Some("member_removed") => Some("Removed from the group."),
        Some("linked") => Some("License linked to the group."),
        Some("unlinked") => Some("License unlinked from the group."),
        _ => None,
    };
    let feedback = DropFeedback::new();
    // After an accepted drop the groups are read again; `Transition` keeps the page on screen
    // meanwhile (a `Suspense` would flash its fallback).
    let reload = Callback::new(move |()| page.refetch());
    view! {
        <Title text="Groups" />
        <h1>"Groups"</h1>
        <p role="status" class="notice" data-testid="groups-status">
            {notice}
        </p>
        {feedback.view()}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Groups p feedback reload /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Groups(p: GroupsPage, feedback: DropFeedback, reload: Callback<()>) -> impl IntoView {
    let add = ServerAction::<AddGroupMember>::new();
    let create = ServerAction::<CreateOrgGroup>::new();
    let link = ServerAction::<LinkGroupLicense>::new();
    let create_value = Signal::derive(move || create.value().get());
    let names: HashMap<Uuid, String> = p.people.iter().map(|u| (u.id, u.name.clone())).collect();
    let licenses: HashMap<Uuid, String> =
        p.licenses.iter().map(|l| (l.id, l.label.clone())).collect();
    let groups = p.groups.clone();
    let people = p.people.clone();
    let link_groups = p.groups.clone();
    let link_licenses = p.licenses.clone();
    let board = p.clone();
    view! {
        {p.can_manage.then(move || {
            let page = board.clone();
            view! {
                <ClientOnly>
                    <DragBoard page=page.clone() feedback on_saved=reload />
                </ClientOnly>
            }
        })}
        {p.can_manage.then(move || view! {
            <ActionForm action=add attr:aria-label="Add to group">
                <h2>"Add to group"</h2>
                {super::action_error(add.value())}
                <div class="field">
                    <label for="add_user">"Person"</label>
                    <select id="add_user" name="user_id">
                        {people.iter().map(|u| view! {
                            <option value=u.id.to_string()>{format!("{} ({})", u.name, u.email)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="add_group">"Group"</label>
                    <select id="add_group" name="group_id">
                        {groups.iter().map(|g| view! {
                            <option value=g.id.to_string()>{g.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Add to group"</button>
            </ActionForm>
        }.into_any())}
        {p.can_assign.then(move || view! {
            <ActionForm action=link attr:aria-label="Link a license">
                <h2>"Link a license to a group"</h2>
                {super::action_error(link.value())}
                <input type="hidden" name="back" value="group" />
                <div class="field">
                    <label for="link_group">"Group"</label>
                    <select id="link_group" name="group_id">
                        {link_groups.iter().map(|g| view! {
                            <option value=g.id.to_string()>{g.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="link_license">"License"</label>
                    <select id="link_license" name="license_id">
                        {link_licenses.iter().map(|l| view! {
                            <option value=l.id.to_string()>{l.label.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Link license"</button>
            </ActionForm>
        }.into_any())}
        {p.groups.into_iter().map(|g| view! {
            <GroupCard g names=names.clone() licenses=licenses.clone() can_manage=p.can_manage can_assign=p.can_assign />
        }.into_any()).collect_view()}
        {p.can_manage.then(move || view! {
            <ActionForm action=create attr:aria-label="Create a group">
                <h2>"Create a group"</h2>
                <Field label="Name" name="name" id="group_name" error=Signal::derive(move || {
                    create_value.get().and_then(|r| r.err()).and_then(|e| e.field("name"))
                }) />
                <div class="field">
                    <label for="group_description">"Description"</label>
                    <input id="group_description" name="description" type="text" />
                </div>
                <button type="submit">"Create group"</button>
            </ActionForm>
        }.into_any())}
    }
    .into_any()
}

#[component]
fn GroupCard(
    g: Group,
    names: HashMap<Uuid, String>,
    licenses: HashMap<Uuid, String>,
    can_manage: bool,
    can_assign: bool,
) -> impl IntoView {
    let remove = ServerAction::<RemoveGroupMember>::new();
    let unlink = ServerAction::<UnlinkGroupLicense>::new();
    let gid = g.id.to_string();
    let heading = format!("group-{gid}");
    let members: Vec<(String, String, String)> = g
        .member_ids
        .iter()
        .map(|m| {
            let who = names.get(m).cloned().unwrap_or_default();
            (m.to_string(), format!("Remove {who} from {}", g.name), who)
        })
        .collect();
    let linked: Vec<(String, String, String)> = g
        .license_ids
        .iter()
        .map(|l| {
            let label = licenses.get(l).cloned().unwrap_or_else(|| l.to_string());
            (
                l.to_string(),
                format!("Unlink {label} from {}", g.name),
                label,
            )
        })
        .collect();
    let no_members = members.is_empty();
    let gid_members = gid.clone();
    let gid_links = gid.clone();
    let labelled_by = heading.clone();
    let testid = format!("group-{}", g.name);
    let title = g.name.clone();
    let description = g.description.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by data-testid=testid>
            <h2 id=heading>{title}</h2>
            <p class="muted">{description}</p>
            {super::action_error(remove.value())}
            {super::action_error(unlink.value())}
            <h3>"Members"</h3>
            <ul>
                {members.into_iter().map(|(id, aria, who)| {
                    let gid = gid_members.clone();
                    view! {
                        <li>
                            {who}
                            {can_manage.then(move || view! {
                                <ActionForm action=remove attr:class="inline">
                                    <input type="hidden" name="group_id" value=gid />
                                    <input type="hidden" name="user_id" value=id />
                                    <button type="submit" class="link" aria-label=aria>"Remove"</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {no_members.then(|| view! { <p class="muted">"No members yet."</p> })}
            <h3>"Licenses"</h3>
            <ul>
                {linked.into_iter().map(|(id, aria, label)| {
                    let gid = gid_links.clone();
                    view! {
                        <li>
                            {label}
                            {can_assign.then(move || view! {
                                <ActionForm action=unlink attr:class="inline">
                                    <input type="hidden" name="group_id" value=gid />
                                    <input type="hidden" name="license_id" value=id />
                                    <input type="hidden" name="back" value="group" />
                                    <button type="submit" class="link" aria-label=aria>"Unlink"</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {can_manage.then(move || view! { <EditGroup g /> })}
        </section>
    }
    .into_any()
}

#[component]
fn EditGroup(g: Group) -> impl IntoView {
    let update = ServerAction::<UpdateOrgGroup>::new();
    let delete = ServerAction::<DeleteOrgGroup>::new();
    let gid = g.id.to_string();
    let name_id = format!("name-{gid}");
    let name_for = name_id.clone();
    let desc_id = format!("desc-{gid}");
    let desc_for = desc_id.clone();
    let summary = format!("Rename or delete {}", g.name);
    let delete_label = format!("Delete {}", g.name);
    let gid_delete = gid.clone();
    let name = g.name;
    let description = g.description;
    view! {
        <details>
            <summary>{summary}</summary>
            {super::action_error(update.value())}
            {super::action_error(delete.value())}
            <ActionForm action=update>
                <input type="hidden" name="group_id" value=gid />
                <div class="field">
                    <label for=name_for>"Name"</label>
                    <input id=name_id name="name" type="text" value=name required />
                </div>
                <div class="field">
                    <label for=desc_for>"Description"</label>
                    <input id=desc_id name="description" type="text" value=description />
                </div>
                <button type="submit">"Save group"</button>
            </ActionForm>
            <ActionForm action=delete>
                <input type="hidden" name="group_id" value=gid_delete />
                <button type="submit" class="danger">{delete_label}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}
