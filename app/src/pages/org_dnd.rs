//! Drag and drop of people onto groups (native HTML5 drag events in the hydrated page).
//!
//! The change shows at once (optimistic) and is rolled back, with a visible `role="alert"`
//! message, when the server refuses it; a `role="status"` live region tells screen readers
//! what happened. The "Add to group" form next to it does the same with the keyboard and
//! without JavaScript.
//!
//! The board is built by the browser only, after hydration ([`ClientOnly`]): the server never
//! renders it, so no server-rendered item can end up wired to another item's handlers. On top
//! of that, every handler reads who is dragged and where it lands from the element's
//! `data-user-id` / `data-group-id` attributes rather than from captured state.

use std::collections::HashMap;

use crate::{api::org_groups::drop_group_member, dto::org::GroupsPage};
use leptos::{prelude::*, task::spawn_local, wasm_bindgen::JsCast};
use uuid::Uuid;

/// Who is being dragged, and from which group (None: from the people list).
type Dragged = (Uuid, Option<Uuid>);

/// What the board tells the user after a drop. It lives in the page, outside the part that is
/// rebuilt when the groups are reloaded, so the message survives the reload.
#[derive(Debug, Clone, Copy)]
pub struct DropFeedback {
    /// The live region's text.
    announce: RwSignal<String>,
    /// The refusal shown as an alert, until the next successful drop.
    failed: RwSignal<Option<String>>,
}

impl DropFeedback {
    /// Empty feedback.
    pub fn new() -> Self {
        Self {
            announce: RwSignal::new(String::new()),
            failed: RwSignal::new(None),
        }
    }

    /// The live region and the alert.
    pub fn view(self) -> impl IntoView {
        view! {
            <p role="status" aria-live="polite" data-testid="dnd-status">
                {move || self.announce.get()}
            </p>
            {move || {
                self.failed
                    .get()
                    .map(|m| view! { <p role="alert" class="error" data-testid="dnd-error">{m}</p> })
            }}
        }
    }
}

impl Default for DropFeedback {
    fn default() -> Self {
        Self::new()
    }
}

/// Renders `children` only in the browser, once the page has hydrated (an effect never runs on
/// the server), so they are built fresh by the client instead of being hydrated.
#[component]
pub fn ClientOnly(children: ChildrenFn) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    move || hydrated.get().then(|| children())
}

/// The `data-*` attribute `name` of the element whose handler runs.
fn data_of(e: &web_sys::DragEvent, name: &str) -> Option<String> {
    e.current_target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .get_attribute(name)
}

/// The id in the attribute `name` of the element whose handler runs.
fn id_of(e: &web_sys::DragEvent, name: &str) -> Option<Uuid> {
    data_of(e, name).and_then(|v| v.parse().ok())
}

/// People on one side, groups as drop targets on the other. `on_saved` runs after the server
/// accepted a drop (the page reloads its groups).
#[component]
pub fn DragBoard(
    page: GroupsPage,
    feedback: DropFeedback,
    on_saved: Callback<()>,
) -> impl IntoView {
    // The people found by the search and the members shown: the page holds no one else.
    let people: HashMap<Uuid, (String, String)> = page
        .people
        .iter()
        .chain(page.groups.iter().flat_map(|g| g.members.iter()))
        .map(|p| (p.id, (p.name.clone(), p.email.clone())))
        .collect();
    let group_names: HashMap<Uuid, String> =
        page.groups.iter().map(|g| (g.id, g.name.clone())).collect();
    let members = RwSignal::new(
        page.groups
            .iter()
            .map(|g| (g.id, g.members.iter().map(|m| m.id).collect::<Vec<_>>()))
            .collect::<Vec<_>>(),
    );
    let dragging = RwSignal::new(None::<Dragged>);
    let people = StoredValue::new(people);
    let group_names = StoredValue::new(group_names);
    let DropFeedback { announce, failed } = feedback;

    let start = move |e: web_sys::DragEvent| {
        let Some(user) = id_of(&e, "data-user-id") else {
            return;
        };
        if let Some(dt) = e.data_transfer() {
            dt.set_effect_allowed("move");
            let _ = dt.set_data("text/plain", &user.to_string());
        }
        dragging.set(Some((user, id_of(&e, "data-group-id"))));
    };

    let drop_on = move |e: web_sys::DragEvent| {
        e.prevent_default();
        let to = id_of(&e, "data-group-id");
        let Some((user, from)) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        if from == to {
            return;
        }
        let before = members.get_untracked();
        if let Some(to) = to
            && before.iter().any(|(g, m)| *g == to && m.contains(&user))
        {
            return;
        }
        members.update(|all| {
            for (g, m) in all.iter_mut() {
                if Some(*g) == from {
                    m.retain(|u| *u != user);
                }
                if Some(*g) == to {
                    m.push(user);
                }
            }
        });
        let who = people.with_value(|n| n.get(&user).map(|p| p.0.clone()).unwrap_or_default());
        let target = to.and_then(|g| group_names.with_value(|n| n.get(&g).cloned()));
        let source = from.and_then(|g| group_names.with_value(|n| n.get(&g).cloned()));
        announce.set(String::new());
        spawn_local(async move {
            match drop_group_member(user, from, to).await {
                Ok(()) => {
                    failed.set(None);
                    announce.set(match (&source, &target) {
                        (Some(s), Some(t)) => format!("{who} moved from {s} to {t}."),
                        (None, Some(t)) => format!("{who} added to {t}."),
                        (Some(s), None) => format!("{who} removed from {s}."),
                        (None, None) => String::new(),
                    });
                    on_saved.run(());
                }
                Err(e) => {
                    members.set(before);
                    let msg = format!("Not saved: {e} The change was undone.");
                    announce.set(msg.clone());
                    failed.set(Some(msg));
                }
            }
        });
    };

    let person = move |user: Uuid, group: Option<Uuid>| {
        let (name, email) = people.with_value(|n| n.get(&user).cloned().unwrap_or_default());
        let testid = match group {
            None => format!("person-{email}"),
            Some(_) => format!("member-{email}"),
        };
        view! {
            <li
                draggable="true"
                data-user-id=user.to_string()
                data-group-id=group.map(|g| g.to_string())
                data-testid=testid
                on:dragstart=start
            >
                {name}
            </li>
        }
    };

    view! {
        <section class="dnd" aria-labelledby="dnd-heading">
            <h2 id="dnd-heading">"Drag people onto groups"</h2>
            <p class="muted">
                "Drag a person onto a group to add them, onto another group to move them, or "
                "back to People to remove them. The “Add to group” form below does the same "
                "with the keyboard."
            </p>
            <div class="dnd-board">
                <div
                    class="dnd-people"
                    data-testid="dnd-people"
                    on:dragenter=|e| e.prevent_default()
                    on:dragover=|e| e.prevent_default()
                    on:drop=drop_on
                >
                    <h3>"People"</h3>
                    <ul>
                        {page.people.iter().map(|p| person(p.id, None)).collect_view()}
                    </ul>
                </div>
                {page
                    .groups
                    .iter()
                    .map(|g| {
                        let gid = g.id;
                        view! {
                            <div
                                class="dnd-group"
                                data-group-id=gid.to_string()
                                data-testid=format!("dropzone-{}", g.name)
                                on:dragenter=|e| e.prevent_default()
                                on:dragover=|e| e.prevent_default()
                                on:drop=drop_on
                            >
                                <h3>{g.name.clone()}</h3>
                                <ul>
                                    {move || {
                                        members
                                            .with(|all| {
                                                all.iter()
                                                    .find(|(g, _)| *g == gid)
                                                    .map(|(_, m)| m.clone())
                                                    .unwrap_or_default()
                                            })
                                            .into_iter()
                                            .map(|u| person(u, Some(gid)))
                                            .collect_view()
                                    }}
                                </ul>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
    .into_any()
}
