//! One group's card on `/org/groups` and `/org/groups/{id}`: members, linked licenses, and the
//! form that renames or deletes the group.

use super::Query;
use crate::{
    api::org_groups::{DeleteOrgGroup, RemoveGroupMember, UnlinkGroupLicense, UpdateOrgGroup},
    components::{
        confirm::{Confirm, ConfirmButton},
        pager::{Pager, href},
        saves::Saves,
    },
    dto::org::Group,
};
use leptos::prelude::*;

/// One group: its members and linked licenses (with Remove and Unlink), paged on the group's
/// own page, and its edit form for those who manage groups.
#[component]
pub(super) fn GroupCard(
    g: Group,
    can_manage: bool,
    can_assign: bool,
    /// On the group's own page: members and licenses page by page.
    detail: bool,
    q: Query,
    path: String,
) -> impl IntoView {
    let saves = Saves::expect();
    let remove = saves.action::<RemoveGroupMember, _>();
    let unlink = saves.action::<UnlinkGroupLicense, _>();
    let gid = g.id.to_string();
    let heading = format!("group-{gid}");
    let group_name = g.name.clone();
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
    let (group_of_members, group_of_links) = (group_name.clone(), group_name);
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
            {crate::pages::org::action_error(remove.value())}
            {crate::pages::org::action_error(unlink.value())}
            <h3>"Members"</h3>
            <ul>
                {members.into_iter().map(|(id, aria, who)| {
                    let gid = gid_members.clone();
                    let what = format!(
                        "{who} leaves {} and stops seeing the licenses they see only through it.",
                        group_of_members,
                    );
                    view! {
                        <li>
                            {who}
                            {can_manage.then(move || view! {
                                <Confirm action="Remove" label=aria.clone() what undo="You can add them again.">
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="group_id" value=gid />
                                        <input type="hidden" name="user_id" value=id />
                                        <ConfirmButton text="Yes, remove" label=aria />
                                    </ActionForm>
                                </Confirm>
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
                    let what = format!(
                        "Members of {} stop seeing {label} unless they see it another way.",
                        group_of_links,
                    );
                    view! {
                        <li>
                            {label.clone()}
                            {can_assign.then(move || view! {
                                <Confirm action="Unlink" label=aria.clone() what undo="You can link it again.">
                                    <ActionForm action=unlink attr:class="inline">
                                        <input type="hidden" name="group_id" value=gid />
                                        <input type="hidden" name="license_id" value=id />
                                        <input type="hidden" name="back" value="group" />
                                        <ConfirmButton text="Yes, unlink" label=aria />
                                    </ActionForm>
                                </Confirm>
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
    let saves = Saves::expect();
    let update = saves.action::<UpdateOrgGroup, _>();
    let delete = saves.action::<DeleteOrgGroup, _>();
    let gid = g.id.to_string();
    let name_id = format!("name-{gid}");
    let name_for = name_id.clone();
    let desc_id = format!("desc-{gid}");
    let desc_for = desc_id.clone();
    let summary = format!("Rename or delete {}", g.name);
    let delete_label = format!("Delete {}", g.name);
    let delete_what = format!(
        "{} is deleted. Its members keep their accounts but stop seeing the licenses they see only through it.",
        g.name
    );
    let gid_delete = gid.clone();
    let name = g.name;
    let description = g.description;
    view! {
        <details>
            <summary>{summary}</summary>
            {crate::pages::org::action_error(update.value())}
            {crate::pages::org::action_error(delete.value())}
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
            <Confirm action="Delete group" label=delete_label.clone() what=delete_what undo="This cannot be undone.">
                <ActionForm action=delete>
                    <input type="hidden" name="group_id" value=gid_delete />
                    <ConfirmButton text="Yes, delete" label=delete_label />
                </ActionForm>
            </Confirm>
        </details>
    }
    .into_any()
}
