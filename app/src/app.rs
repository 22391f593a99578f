//! The HTML shell and the route table.

use crate::{components::layout::SignedInLayout, pages::not_found::NotFound, routes::*};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
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
        <Title formatter=crate::escape::document_title />
        <Router>
            <Routes fallback=|| view! { <main id="main"><NotFound /></main> }>
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/unavailable") view={Lazy::<UnavailableRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/invitation/:token") view={Lazy::<InvitationRoute>::new()} ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<DashboardRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor") view={Lazy::<VendorDashboardRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/licenses") view={Lazy::<LicensesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/licenses/:id") view={Lazy::<LicenseDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/licenses/:id/releases") view={Lazy::<ReleasesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/releases") view={Lazy::<ReleasesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor/licenses") view={Lazy::<VendorLicensesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor/releases") view={Lazy::<VendorReleasesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor/products") view={Lazy::<VendorProductsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor/organizations") view={Lazy::<VendorOrgsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/notifications")
                        view={Lazy::<NotificationSettingsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/offline/activate") view={Lazy::<OfflineActivateRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/offline/deactivate") view={Lazy::<OfflineDeactivateRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/org/users") view={Lazy::<OrgUsersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/org/groups") view={Lazy::<OrgGroupsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/org/groups/:id") view={Lazy::<OrgGroupRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/org/activity") view={Lazy::<OrgActivityRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor/outbox") view={Lazy::<OutboxRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/vendor/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/domain")
                        view={Lazy::<DomainRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/vendor/settings/branding")
                        view={Lazy::<BrandingRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/vendor/view-as") view={Lazy::<ViewAsRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/vendor/settings/portal")
                        view={Lazy::<PortalSettingsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
