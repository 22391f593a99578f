//! The portal's navigation in two levels: a few sections in the header (customers: Dashboard,
//! Licenses, Releases, Offline, Organization, Notifications, Profile; vendor staff: Dashboard,
//! Customers, Licensing, Releases, Activity, Settings, Profile) and, on a page of a section
//! with more than one page, that section's pages as tabs above the page.
//!
//! Only pages the user may open are linked, from the same permissions the pages check.

use crate::dto::CurrentUser;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// One page of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// Its address.
    pub href: &'static str,
    /// The tab's text.
    pub text: &'static str,
}

/// A header link and the pages it groups; the first page is where the link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The header link's text.
    pub text: &'static str,
    /// Its pages, never empty.
    pub pages: Vec<Page>,
}

impl Section {
    fn new(text: &'static str, pages: &[(bool, &'static str, &'static str)]) -> Option<Section> {
        let pages: Vec<Page> = pages
            .iter()
            .filter(|(may, ..)| *may)
            .map(|&(_, href, text)| Page { href, text })
            .collect();
        (!pages.is_empty()).then_some(Section { text, pages })
    }

    /// Where the header link goes.
    pub fn href(&self) -> &'static str {
        self.pages[0].href
    }

    /// Whether `path` is one of this section's pages (or below one: `/licenses/{id}`).
    pub fn holds(&self, path: &str) -> bool {
        self.pages.iter().any(|p| {
            path == p.href
                || (p.href != "/"
                    && p.href != "/vendor"
                    && path.starts_with(p.href)
                    && path[p.href.len()..].starts_with('/'))
        })
    }
}

/// The sections `user` may open, in header order. Customers' notifications are the header's
/// own link (with the unread count) and are not among them.
pub fn sections(user: &CurrentUser) -> Vec<Section> {
    let can = |id: &str| user.can(id);
    let all: Vec<Option<Section>> = if user.is_staff {
        vec![
            Section::new("Dashboard", &[(true, "/vendor", "Dashboard")]),
            Section::new(
                "Customers",
                &[
                    (true, "/vendor/organizations", "Organizations"),
                    (true, "/vendor/view-as", "View as customer"),
                ],
            ),
            Section::new(
                "Licensing",
                &[
                    (true, "/vendor/licenses", "Licenses"),
                    (true, "/vendor/products", "Products"),
                ],
            ),
            Section::new("Releases", &[(true, "/vendor/releases", "Releases")]),
            Section::new(
                "Activity",
                &[
                    (true, "/vendor/audit", "Audit log"),
                    (true, "/vendor/outbox", "Outbox"),
                ],
            ),
            Section::new(
                "Settings",
                &[
                    (true, "/vendor/settings/portal", "Portal"),
                    (true, "/vendor/settings/branding", "Branding"),
                    (
                        true,
                        "/vendor/settings/notifications",
                        "Notification settings",
                    ),
                    (true, "/vendor/settings/domain", "Domain"),
                ],
            ),
        ]
    } else {
        vec![
            Section::new("Dashboard", &[(true, "/", "Dashboard")]),
            Section::new(
                "Licenses",
                &[(can("licenses.view"), "/licenses", "Licenses")],
            ),
            Section::new("Releases", &[(true, "/releases", "Releases")]),
            Section::new(
                "Offline",
                &[
                    (
                        user.can_offline_activate,
                        "/offline/activate",
                        "Activate a machine",
                    ),
                    (
                        user.can_offline_deactivate,
                        "/offline/deactivate",
                        "Deactivate a machine",
                    ),
                ],
            ),
            Section::new(
                "Organization",
                &[
                    (can("users.manage"), "/org/users", "Users"),
                    (
                        can("groups.manage") || can("groups.assign_licenses"),
                        "/org/groups",
                        "Groups",
                    ),
                    (can("audit.view"), "/org/activity", "Activity"),
                ],
            ),
        ]
    };
    all.into_iter().flatten().collect()
}

/// The header's section links; the section of the current page is marked current.
#[component]
pub fn SectionLinks(sections: Vec<Section>) -> impl IntoView {
    let path = use_location().pathname;
    sections
        .into_iter()
        .map(|s| {
            let href = s.href();
            let text = s.text;
            let current = move || path.with(|p| s.holds(p)).then_some("true");
            view! {
                <a href=href aria-current=current>
                    {text}
                </a>
            }
        })
        .collect_view()
}

/// The pages of the current page's section as tabs, when it has more than one.
#[component]
pub fn SectionTabs(sections: Vec<Section>) -> impl IntoView {
    let path = use_location().pathname;
    move || {
        let here = path.get();
        let section = sections
            .iter()
            .find(|s| s.pages.len() > 1 && s.holds(&here))?;
        let tabs = section
            .pages
            .iter()
            .map(|p| {
                let current = (here == p.href
                    || (here.starts_with(p.href) && here[p.href.len()..].starts_with('/')))
                .then_some("page");
                view! {
                    <a href=p.href aria-current=current>
                        {p.text}
                    </a>
                }
            })
            .collect_view();
        Some(view! {
            <nav class="tabs" aria-label=section.text>
                {tabs}
            </nav>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(staff: bool, permissions: &[&str]) -> CurrentUser {
        CurrentUser {
            is_staff: staff,
            permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
            ..CurrentUser::default()
        }
    }

    fn texts(u: &CurrentUser) -> Vec<&'static str> {
        sections(u).iter().map(|s| s.text).collect()
    }

    #[test]
    fn a_member_gets_no_organization_section() {
        let member = user(false, &["licenses.view"]);
        assert_eq!(texts(&member), ["Dashboard", "Licenses", "Releases"]);
        let owner = user(false, &["licenses.view", "users.manage", "audit.view"]);
        let org = sections(&owner)
            .into_iter()
            .find(|s| s.text == "Organization")
            .unwrap();
        let tabs: Vec<_> = org.pages.iter().map(|p| p.text).collect();
        assert_eq!(tabs, ["Users", "Activity"]);
        assert_eq!(org.href(), "/org/users");
    }

    #[test]
    fn staff_get_six_sections() {
        let staff = user(true, &[]);
        assert_eq!(
            texts(&staff),
            [
                "Dashboard",
                "Customers",
                "Licensing",
                "Releases",
                "Activity",
                "Settings"
            ]
        );
    }

    #[test]
    fn a_section_holds_its_pages_and_what_is_below_them() {
        let staff = sections(&user(true, &[]));
        let licensing = &staff[2];
        assert!(licensing.holds("/vendor/licenses"));
        assert!(licensing.holds("/vendor/products"));
        assert!(!licensing.holds("/vendor/licenses-old"));
        assert!(
            !staff[0].holds("/vendor/licenses"),
            "the dashboard is its own address only"
        );
        let member = sections(&user(false, &["licenses.view"]));
        assert!(member[1].holds("/licenses/0190"));
        assert!(!member[0].holds("/licenses"));
    }
}
