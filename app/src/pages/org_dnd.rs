//! Drag and drop of people onto groups (native HTML5 drag events in the hydrated page).
//!
//! The change shows at once (optimistic) and is rolled back, with a visible message, when the
//! server refuses it; a `role="status"` live region tells screen readers what happened. The
//! "Add to group" form next to it does the same with the keyboard and without JavaScript.

use std::collections::HashMap;

use crate::{api::org_groups::drop_group_member, dto::org::GroupsPage};
use leptos::{prelude::*, task::spawn_local};
use uuid::Uuid;

/// Who is being dragged, and from which group (None: from the people list).
type Dragged = (Uuid, Option<Uuid>);

/// People on one side, groups as drop targets on the other.
#[component]
pub fn DragBoard(page: GroupsPage) -> impl IntoView {
    let names: HashMap<Uuid, String> = page.people.iter().map(|p| (p.id, p.name.clone())).collect();
    let group_names: HashMap<Uuid, String> =
        page.groups.iter().map(|g| (g.id, g.name.clone())).collect();
    let members = RwSignal::new(
        page.groups
            .iter()
            .map(|g| (g.id, g.member_ids.clone()))
            .collect::<Vec<_>>(),
    );
    let dragging = RwSignal::new(None::<Dragged>);
    let announce = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<String>);
    let names = StoredValue::new(names);
    let group_names = StoredValue::new(group_names);

    let drop_on = move |to: Option<Uuid>| {
        let Some((user, from)) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        if from == to || (from.is_none() && to.is_none()) {
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
        let who = names.with_value(|n| n.get(&user).cloned().unwrap_or_default());
        let target = to.and_then(|g| group_names.with_value(|n| n.get(&g).cloned()));
        let source = from.and_then(|g| group_names.with_value(|n| n.get(&g).cloned()));
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

    view! {
        <section class="dnd" aria-labelledby="dnd-heading">
            <h2 id="dnd-heading">"Drag people onto groups"</h2>
            <p class="muted">
                "Drag a person onto a group to add them, or a member back to People to remove them. "
                "The “Add to group” form below does the same with the keyboard."
            </p>
            <p role="status" aria-live="polite" data-testid="dnd-status">
                {move || announce.get()}
            </p>
            {move || failed.get().map(|m| view! { <p role="alert" class="error">{m}</p> })}
            <div class="dnd-board">
                <div
                    class="dnd-people"
                    data-testid="dnd-people"
                    on:dragover=move |e| e.prevent_default()
                    on:drop=move |e| {
                        e.prevent_default();
                        drop_on(None);
                    }
                >
                    <h3>"People"</h3>
                    <ul>
                        {page.people.iter().map(|p| {
                            let id = p.id;
                            view! {
                                <li
                                    draggable="true"
                                    data-testid=format!("person-{}", p.email)
                                    on:dragstart=move |e| {
                                        if let Some(dt) = e.data_transfer() {
                                            let _ = dt.set_data("text/plain", &id.to_string());
                                        }
                                        dragging.set(Some((id, None)));
                                    }
                                >
                                    {p.name.clone()}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
                {page.groups.iter().map(|g| {
                    let gid = g.id;
                    view! {
                        <div
                            class="dnd-group"
                            data-testid=format!("dropzone-{}", g.name)
                            on:dragover=move |e| e.prevent_default()
                            on:drop=move |e| {
                                e.prevent_default();
                                drop_on(Some(gid));
                            }
                        >
                            <h3>{g.name.clone()}</h3>
                            <ul>
                                {move || {
                                    members.with(|all| {
                                        all.iter()
                                            .find(|(g, _)| *g == gid)
                                            .map(|(_, m)| m.clone())
                                            .unwrap_or_default()
                                    })
                                    .into_iter()
                                    .map(|u| {
                                        let who = names.with_value(|n| n.get(&u).cloned().unwrap_or_default());
                                        view! {
                                            <li
                                                draggable="true"
                                                on:dragstart=move |e| {
                                                    if let Some(dt) = e.data_transfer() {
                                                        let _ = dt.set_data("text/plain", &u.to_string());
                                                    }
                                                    dragging.set(Some((u, Some(gid))));
                                                }
                                            >
                                                {who}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                                }}
                            </ul>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}
