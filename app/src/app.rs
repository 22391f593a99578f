//! The HTML shell and the route table.

use crate::{components::layout::SignedInLayout, pages::not_found::NotFoundPage, routes::*};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

/// The document around the app: server-rendered once per page load.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::security::page_headers();
    // The build's own address (`pkg/<build id>`, cached as immutable): in the shell, which
    // only the server renders, so the browser never needs the build id.
    let stylesheet = format!("/{}/keyport.css", options.site_pkg_dir);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <link rel="stylesheet" id="keyport" href=stylesheet />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The Keyport portal: every page, for customers and vendor staff.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Async rendering: every page waits for its data before the first byte, so a page can
    // still answer 404 or redirect to the sign-in page with the right status code.
    view! {
        // Keyport's name until the page's branding names the portal (components::branding).
        <Title formatter=|title: String| crate::escape::document_title(&title, "Keyport") />
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=Page::Login ssr=SsrMode::Async />
                <Route path=path!("/unavailable") view=Page::Unavailable ssr=SsrMode::Async />
                <Route path=path!("/invitation/:token") view=Page::Invitation ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=Page::Dashboard ssr=SsrMode::Async />
                    <Route path=path!("/vendor") view=Page::VendorDashboard ssr=SsrMode::Async />
                    <Route path=path!("/licenses") view=Page::Licenses ssr=SsrMode::Async />
                    <Route path=path!("/licenses/:id") view=Page::LicenseDetail ssr=SsrMode::Async />
                    <Route path=path!("/licenses/:id/releases") view=Page::Releases ssr=SsrMode::Async />
                    <Route path=path!("/releases") view=Page::Releases ssr=SsrMode::Async />
                    <Route path=path!("/vendor/licenses") view=Page::VendorLicenses ssr=SsrMode::Async />
                    <Route path=path!("/vendor/releases") view=Page::VendorReleases ssr=SsrMode::Async />
                    <Route path=path!("/vendor/products") view=Page::VendorProducts ssr=SsrMode::Async />
                    <Route path=path!("/vendor/organizations") view=Page::VendorOrgs ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=Page::Profile ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=Page::Notifications ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/notifications")
                        view=Page::NotificationSettings
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/offline/activate") view=Page::OfflineActivate ssr=SsrMode::Async />
                    <Route path=path!("/offline/deactivate") view=Page::OfflineDeactivate ssr=SsrMode::Async />
                    <Route path=path!("/org/users") view=Page::OrgUsers ssr=SsrMode::Async />
                    <Route path=path!("/org/groups") view=Page::OrgGroups ssr=SsrMode::Async />
                    <Route path=path!("/org/groups/:id") view=Page::OrgGroup ssr=SsrMode::Async />
                    <Route path=path!("/org/activity") view=Page::OrgActivity ssr=SsrMode::Async />
                    <Route path=path!("/vendor/outbox") view=Page::Outbox ssr=SsrMode::Async />
                    <Route path=path!("/vendor/audit") view=Page::Audit ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/domain")
                        view=Page::Domain
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/vendor/settings/branding")
                        view=Page::Branding
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/vendor/view-as") view=Page::ViewAs ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/portal")
                        view=Page::PortalSettings
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
