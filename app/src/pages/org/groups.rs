//! `/org/groups` and `/org/groups/{id}`: groups a page at a time, their members (drag and
//! drop, or the "Add to group" form fed by a people search) and the licenses linked to them
//! (found by key prefix or product). Nothing here needs the whole organization in the page.

use crate::{
    api::org_groups::{
        AddGroupMember, CreateOrgGroup, DeleteOrgGroup, LinkGroupLicense, RemoveGroupMember,
        UnlinkGroupLicense, UpdateOrgGroup, get_org_group, list_org_groups,
    },
    components::{
        error_view::ErrorView,
        field::Field,
        pager::{Pager, href},
    },
    dto::org::{Group, GroupsPage},
    page_data::{PageData, page_data},
    pages::org_dnd::{ClientOnly, DragBoard, DropFeedback},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The query string of both pages.
#[derive(Clone, Debug, PartialEq, Default)]
struct Query {
    after: String,
    members_after: String,
    licenses_after: String,
    people: String,
    license: String,
    product: String,
}

impl Query {
    fn opt(v: &str) -> Option<String> {
        (!v.is_empty()).then(|| v.to_owned())
    }
}

fn notice(saved: Option<String>) -> Option<&'static str> {
    match saved.as_deref() {
        Some("created") => Some("Group created."),
        Some("updated") => Some("Group saved."),
        Some("deleted") => Some("Group deleted."),
        Some("member_added") => Some("Added to the group."),
        Some("member_removed") => Some("Removed from the group."),
        Some("linked") => Some("License linked to the group."),
        Some("unlinked") => Some("License unlinked from the group."),
        _ => None,
    }
}

fn use_query() -> (Memo<Query>, Memo<Option<String>>) {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        let q = map.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Query {
            after: get("after"),
            members_after: get("members_after"),
            licenses_after: get("licenses_after"),
            people: get("people"),
            license: get("license"),
            product: get("product"),
        }
    });
    let saved = Memo::new(move |_| map.read().get("saved"));
    (query, saved)
}

/// The groups page (needs `groups.manage` or `groups.assign_licenses`).
#[component]
pub fn OrgGroupsPage() -> impl IntoView {
    let (query, saved) = use_query();
    let page = page_data(
        move || (query.get(), saved.get()),
        |(q, _)| {
            list_org_groups(
                Query::opt(&q.after),
                Query::opt(&q.people),
                Query::opt(&q.license),
                Query::opt(&q.product),
            )
        },
    );
    view! {
        <Title text="Groups" />
        <h1>"Groups"</h1>
        <Page page query saved path=Signal::derive(|| "/org/groups".to_owned()) />
    }
    .into_any()
}

/// One group's page: all its members and licenses, a page at a time.
#[component]
pub fn OrgGroupPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let (query, saved) = use_query();
    let page = page_data(
        move || (id.get(), query.get(), saved.get()),
        |(id, q, _)| async move {
            let id = id.parse().map_err(|_| crate::AppError::NotFound)?;
            get_org_group(
                id,
                Query::opt(&q.members_after),
                Query::opt(&q.licenses_after),
                Query::opt(&q.people),
                Query::opt(&q.license),
                Query::opt(&q.product),
            )
            .await
        },
    );
    view! {
        <Title text="Group" />
        <p>
            <a href="/org/groups">"All groups"</a>
        </p>
        <Page page query saved path=Signal::derive(move || format!("/org/groups/{}", id.get())) />
    }
    .into_any()
}

#[component]
fn Page(
    page: PageData<GroupsPage>,
    query: Memo<Query>,
    saved: Memo<Option<String>>,
    path: Signal<String>,
) -> impl IntoView {
    let feedback = DropFeedback::new();
    // After an accepted drop the groups are read again; `Transition` keeps the page on screen
    // meanwhile (a `Suspense` would flash its fallback).
    let reload = Callback::new(move |()| page.refetch());
    view! {
        <p role="status" class="notice" data-testid="groups-status">
            {move || notice(saved.get())}
        </p>
        {feedback.view()}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                let path = path.get_untracked();
                match page.await {
                    Ok(p) => view! { <Groups p q path feedback reload /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Groups(
    p: GroupsPage,
    q: Query,
    path: String,
    feedback: DropFeedback,
    reload: Callback<()>,
) -> impl IntoView {
    let add = ServerAction::<AddGroupMember>::new();
    let create = ServerAction::<CreateOrgGroup>::new();
    let link = ServerAction::<LinkGroupLicense>::new();
    let create_value = Signal::derive(move || create.value().get());
    // The overview pages through groups; a group's page has that group alone.
    let detail = path != "/org/groups";
    let groups = p.groups.clone();
    let people = p.people.clone();
    let link_groups = p.groups.clone();
    let link_licenses = p.licenses.clone();
    let products = p.products.clone();
    let board = p.clone();
    let (people_q, license_q, product_q) = (q.people.clone(), q.license.clone(), q.product.clone());
    let (people_path, license_path) = (path.clone(), path.clone());
    let no_people = people.is_empty();
    let no_licenses = link_licenses.is_empty();
    let next = p.next.map(|n| {
        href(
            "/org/groups",
            &[
                ("people", &q.people),
                ("license", &q.license),
                ("product", &q.product),
                ("after", &n.to_string()),
            ],
        )
    });
    let first = (!q.after.is_empty()).then(|| href("/org/groups", &[]));
    let q_cards = q.clone();
    let path_cards = path.clone();
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
            <section aria-labelledby="add-heading">
                <h2 id="add-heading">"Add to group"</h2>
                <form method="get" action=people_path role="search" class="filters" aria-label="Find people">
                    <div class="field">
                        <label for="people">"Find people"</label>
                        <input id="people" name="people" type="search" value=people_q aria-describedby="people_hint" />
                        <p id="people_hint" class="muted">"The start of an email, a full name or a last name; 20 at most."</p>
                    </div>
                    <button type="submit">"Find"</button>
                </form>
                {no_people.then(|| view! { <p class="muted">"Nobody matches."</p> })}
                <ActionForm action=add attr:aria-label="Add to group">
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
            </section>
        }.into_any())}
        {p.can_assign.then(move || view! {
            <section aria-labelledby="link-heading">
                <h2 id="link-heading">"Link a license to a group"</h2>
                <form method="get" action=license_path role="search" class="filters" aria-label="Find licenses">
                    <div class="field">
                        <label for="license">"Key starts with"</label>
                        <input id="license" name="license" type="search" value=license_q placeholder="KP-7Q2MZ" />
                    </div>
                    <div class="field">
                        <label for="product">"Product"</label>
                        <select id="product" name="product">
                            <option value="" selected=product_q.is_empty()>"Any product"</option>
                            {products.iter().map(|pr| {
                                let id = pr.id.to_string();
                                let selected = product_q == id;
                                view! { <option value=id selected=selected>{pr.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit">"Find"</button>
                </form>
                {no_licenses.then(|| view! { <p class="muted">"No license matches."</p> })}
                <ActionForm action=link attr:aria-label="Link a license">
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
            </section>
        }.into_any())}
        {p.groups.into_iter().map(|g| view! {
            <GroupCard
                g
                can_manage=p.can_manage
                can_assign=p.can_assign
                detail
                q=q_cards.clone()
                path=path_cards.clone()
            />
        }.into_any()).collect_view()}
        <Pager label="Pages of groups".to_owned() next first />
        {(p.can_manage && !detail).then(move || view! {
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
    can_manage: bool,
    can_assign: bool,
    /// On the group's own page: members and licenses page by page.
    detail: bool,
    q: Query,
    path: String,
) -> impl IntoView {
    let remove = ServerAction::<RemoveGroupMember>::new();
    let unlink = ServerAction::<UnlinkGroupLicense>::new();
    let gid = g.id.to_string();
    let heading = format!("group-{gid}");
    let members: Vec<(String, String, String)> = g
        .members
        .iter()
        .map(|m| {
            (
                m.id.to_string(),
                format!("Remove {} from {}", m.name, g.name),
                m.name.clone(),
            )
        })
        .collect();
    let linked: Vec<(String, String, String)> = g
        .licenses
        .iter()
        .map(|l| {
            (
                l.id.to_string(),
                format!("Unlink {} from {}", l.label, g.name),
                l.label.clone(),
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
    let own = format!("/org/groups/{gid}");
    let counts = format!("{} members, {} licenses", g.member_count, g.license_count);
    // The overview shows the first few: a link to the group's own page for the rest.
    let more = (!detail
        && (g.member_count > g.members.len() as i64 || g.license_count > g.licenses.len() as i64))
        .then(|| {
            (
                own.clone(),
                format!("All members and licenses of {}", g.name),
            )
        });
    let keep = |k: &'static str| -> (&'static str, String) {
        (
            k,
            match k {
                "members_after" => q.members_after.clone(),
                _ => q.licenses_after.clone(),
            },
        )
    };
    let pages = detail.then(|| {
        let (m, l) = (keep("members_after"), keep("licenses_after"));
        let members_next = g
            .members_next
            .map(|n| href(&path, &[("members_after", &n.to_string()), (l.0, &l.1)]));
        let licenses_next = g
            .licenses_next
            .map(|n| href(&path, &[(m.0, &m.1), ("licenses_after", &n.to_string())]));
        (members_next, licenses_next)
    });
    let (members_next, licenses_next) = pages.unwrap_or_default();
    let first_members = (detail && !q.members_after.is_empty()).then(|| own.clone());
    let first_licenses = (detail && !q.licenses_after.is_empty()).then(|| own.clone());
    view! {
        <section class="card" aria-labelledby=labelled_by data-testid=testid>
            <h2 id=heading>
                {if detail {
                    view! { <span>{title}</span> }.into_any()
                } else {
                    view! { <a href=own>{title}</a> }.into_any()
                }}
            </h2>
            <p class="muted">{description}</p>
            <p data-testid="group-counts">{counts}</p>
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
            <Pager label="Pages of members".to_owned() next=members_next first=first_members next_text="More members" />
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
            <Pager label="Pages of licenses".to_owned() next=licenses_next first=first_licenses next_text="More licenses" />
            {more.map(|(href, text)| view! { <p><a href=href>{text}</a></p> })}
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
