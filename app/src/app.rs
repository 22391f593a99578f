//! The HTML shell and the route table.

use crate::{
    components::layout::SignedInLayout,
    pages::audit::AuditPage,
    pages::branding::BrandingPage,
    pages::domain::DomainPage,
    pages::notification_settings::NotificationSettingsPage,
    pages::notifications::NotificationsPage,
    pages::portal_settings::PortalSettingsPage,
    pages::view_as::ViewAsPage,
    pages::{
        dashboard::DashboardPage,
        license_detail::LicenseDetailPage,
        licenses::LicensesPage,
        login::LoginPage,
        not_found::NotFound,
        offline::{OfflineActivatePage, OfflineDeactivatePage},
        profile::ProfilePage,
        releases::ReleasesPage,
        unavailable::UnavailablePage,
        vendor::VendorDashboardPage,
        vendor_licenses::VendorLicensesPage,
        vendor_orgs::VendorOrgsPage,
        vendor_products::VendorProductsPage,
        vendor_releases::VendorReleasesPage,
    },
    pages::{
        invitation::InvitationPage,
        org::{
            activity::OrgActivityPage,
            groups::{OrgGroupPage, OrgGroupsPage},
            users::OrgUsersPage,
        },
        outbox::OutboxPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

/// The document around the app: server-rendered once per page load.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::security::page_headers();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
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
    // Runs in the browser only, once hydration has finished: end-to-end tests wait for this
    // marker, so a WASM bundle that fails to hydrate fails the hydrated test run.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    // Async rendering: every page waits for its data before the first byte, so a page can
    // still answer 404 or redirect to the sign-in page with the right status code.
    view! {
        <Stylesheet id="keyport" href="/pkg/keyport.css" />
        <Title formatter=crate::escape::document_title />
        <Router>
            <Routes fallback=|| view! { <main id="main"><NotFound /></main> }>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/unavailable") view=UnavailablePage ssr=SsrMode::Async />
                <Route path=path!("/invitation/:token") view=InvitationPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor") view=VendorDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/licenses") view=LicensesPage ssr=SsrMode::Async />
                    <Route path=path!("/licenses/:id") view=LicenseDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/licenses/:id/releases") view=ReleasesPage ssr=SsrMode::Async />
                    <Route path=path!("/releases") view=ReleasesPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor/licenses") view=VendorLicensesPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor/releases") view=VendorReleasesPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor/products") view=VendorProductsPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor/organizations") view=VendorOrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/notifications")
                        view=NotificationSettingsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/offline/activate") view=OfflineActivatePage ssr=SsrMode::Async />
                    <Route path=path!("/offline/deactivate") view=OfflineDeactivatePage ssr=SsrMode::Async />
                    <Route path=path!("/org/users") view=OrgUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/org/groups") view=OrgGroupsPage ssr=SsrMode::Async />
                    <Route path=path!("/org/groups/:id") view=OrgGroupPage ssr=SsrMode::Async />
                    <Route path=path!("/org/activity") view=OrgActivityPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor/outbox") view=OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/vendor/audit") view=AuditPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/domain")
                        view=DomainPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/vendor/settings/branding")
                        view=BrandingPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/vendor/view-as") view=ViewAsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/portal")
                        view=PortalSettingsPage
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
