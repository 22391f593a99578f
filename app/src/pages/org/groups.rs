//! `/org/groups` and `/org/groups/{id}`: groups a page at a time, their members (drag and
//! drop, or the "Add to group" form fed by a people search) and the licenses linked to them
//! (found by key prefix or product). Nothing here needs the whole organization in the page.

use crate::{
    api::org_groups::{
        AddGroupMember, CreateOrgGroup, LinkGroupLicense, get_org_group, list_org_groups,
    },
    components::{
        error_view::ErrorView,
        field::Field,
        pager::{Pager, href},
        saves::Saves,
    },
    dto::org::GroupsPage,
    page_data::{PageData, page_data},
    pages::org_dnd::{ClientOnly, DragBoard, DropFeedback},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

mod card;
use card::GroupCard;

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

fn notice(saved: &str) -> Option<&'static str> {
    match saved {
        "created" => Some("Group created."),
        "updated" => Some("Group saved."),
        "deleted" => Some("Group deleted."),
        "member_added" => Some("Added to the group."),
        "member_removed" => Some("Removed from the group."),
        "linked" => Some("License linked to the group."),
        "unlinked" => Some("License unlinked from the group."),
        _ => None,
    }
}

fn use_query() -> Memo<Query> {
    let map = use_query_map();
    Memo::new(move |_| {
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
    })
}

/// The groups page (needs `groups.manage` or `groups.assign_licenses`).
#[component]
pub fn OrgGroupsPage() -> impl IntoView {
    let query = use_query();
    let saves = Saves::provide();
    let page = page_data(
        move || (query.get(), saves.revision()),
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
        <Page page query saves path=Signal::derive(|| "/org/groups".to_owned()) />
    }
    .into_any()
}

/// One group's page: all its members and licenses, a page at a time.
#[component]
pub fn OrgGroupPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let query = use_query();
    let saves = Saves::provide();
    let page = page_data(
        move || (id.get(), query.get(), saves.revision()),
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
        <Page page query saves path=Signal::derive(move || format!("/org/groups/{}", id.get())) />
    }
    .into_any()
}

#[component]
fn Page(
    page: PageData<GroupsPage>,
    query: Memo<Query>,
    saves: Saves,
    path: Signal<String>,
) -> impl IntoView {
    let feedback = DropFeedback::new();
    // After an accepted drop the groups are read again; `Transition` keeps the page on screen
    // meanwhile (a `Suspense` would flash its fallback).
    let reload = Callback::new(move |()| page.refetch());
    view! {
        {saves.notice(notice)}
        {feedback.view()}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                let path = path.get_untracked();
                match page.await {
                    Ok(p) => saves.fresh(view! { <Groups p q path feedback reload /> }).into_any(),
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
    let saves = Saves::expect();
    let add = saves.action::<AddGroupMember, _>();
    let create = saves.action::<CreateOrgGroup, _>();
    let link = saves.action::<LinkGroupLicense, _>();
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
