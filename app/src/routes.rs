//! Every page loads on demand: the browser fetches a page's code as WASM modules of their own
//! the first time one of its group is needed (Leptos' lazy routes, grouped), so the main
//! module holds only the framework, the signed-in layout and what every page shares, and a
//! customer's dashboard or license list needs the main module plus its own small group. Server rendering is unchanged: the server
//! renders a lazy route at once and adds `<link rel="preload">` for the modules the page needs
//! (from the manifest `scripts/build.sh` writes). docs/wasm-size.md explains which pages are
//! eager and why; the budgets are in `wasm-budget.txt` beside this file.

use crate::pages::{
    audit::AuditPage,
    branding::BrandingPage,
    dashboard::DashboardPage,
    domain::DomainPage,
    invitation::InvitationPage,
    license_detail::LicenseDetailPage,
    licenses::LicensesPage,
    login::LoginPage,
    notification_settings::NotificationSettingsPage,
    notifications::NotificationsPage,
    offline::{OfflineActivatePage, OfflineDeactivatePage},
    org::{
        activity::OrgActivityPage,
        groups::{OrgGroupPage, OrgGroupsPage},
        users::OrgUsersPage,
    },
    outbox::OutboxPage,
    portal_settings::PortalSettingsPage,
    profile::ProfilePage,
    releases::ReleasesPage,
    unavailable::UnavailablePage,
    vendor::VendorDashboardPage,
    vendor_licenses::VendorLicensesPage,
    vendor_orgs::VendorOrgsPage,
    vendor_products::VendorProductsPage,
    vendor_releases::VendorReleasesPage,
    view_as::ViewAsPage,
};
use leptos::{lazy, prelude::*};
use leptos_router::LazyRoute;

/// `lazy_pages!(group, __preload_group, Enum { Route => Page, ... })`: one WASM module for a
/// group of pages (`#[lazy] fn group`), and for each page a lazy route `Route` that shows it.
///
/// Grouped rather than one module per route (what `#[lazy_route]` would give): the splitter
/// puts the code any two split points share into modules of its own, and with a split point
/// per route a vendor page needed a hundred small modules. The split is named `group_<hash>`
/// in the split manifest. `data()` only adds, on the server, the preload links of the group's
/// modules (`preload.rs`): pages create their resources in their view, under the layout's
/// contexts, in the same order on the server and in the browser. `preload` is what `hydrate_lazy` awaits before hydrating a page opened at a lazy
/// route, and what the router awaits before showing one.
macro_rules! lazy_pages {
    ($group:ident, $preload:ident, $pages:ident { $($(#[$doc:meta])* $route:ident => $page:ident,)* }) => {
        /// The pages of one lazy module, one variant per route, named as the route is.
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy, Debug)]
        pub enum $pages {
            $($route,)*
        }

        #[lazy]
        fn $group(page: $pages) -> AnyView {
            match page {
                $($pages::$route => view! { <$page /> }.into_any(),)*
            }
        }

        $(
            $(#[$doc])*
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    #[cfg(feature = "ssr")]
                    crate::preload::group(stringify!($group));
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    $group($pages::$route).await
                }

                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

lazy_pages!(dashboard_pages, __preload_dashboard_pages, DashboardPages {
    /// `/`
    DashboardRoute => DashboardPage,
});

lazy_pages!(license_list_pages, __preload_license_list_pages, LicenseListPages {
    /// `/licenses`
    LicensesRoute => LicensesPage,
});

lazy_pages!(license_pages, __preload_license_pages, LicensePages {
    /// `/licenses/:id`
    LicenseDetailRoute => LicenseDetailPage,
    /// `/releases` and `/licenses/:id/releases`
    ReleasesRoute => ReleasesPage,
});

lazy_pages!(signed_out_pages, __preload_signed_out_pages, SignedOutPages {
    /// `/login`
    LoginRoute => LoginPage,
    /// `/unavailable`
    UnavailableRoute => UnavailablePage,
    /// `/invitation/:token`
    InvitationRoute => InvitationPage,
});

lazy_pages!(account_pages, __preload_account_pages, AccountPages {
    /// `/profile`
    ProfileRoute => ProfilePage,
    /// `/notifications`
    NotificationsRoute => NotificationsPage,
});

lazy_pages!(offline_pages, __preload_offline_pages, OfflinePages {
    /// `/offline/activate`
    OfflineActivateRoute => OfflineActivatePage,
    /// `/offline/deactivate`
    OfflineDeactivateRoute => OfflineDeactivatePage,
});

lazy_pages!(org_pages, __preload_org_pages, OrgPages {
    /// `/org/users`
    OrgUsersRoute => OrgUsersPage,
    /// `/org/groups`
    OrgGroupsRoute => OrgGroupsPage,
    /// `/org/groups/:id`
    OrgGroupRoute => OrgGroupPage,
    /// `/org/activity`
    OrgActivityRoute => OrgActivityPage,
});

lazy_pages!(vendor_pages, __preload_vendor_pages, VendorPages {
    /// `/vendor`
    VendorDashboardRoute => VendorDashboardPage,
    /// `/vendor/licenses`
    VendorLicensesRoute => VendorLicensesPage,
    /// `/vendor/releases`
    VendorReleasesRoute => VendorReleasesPage,
    /// `/vendor/products`
    VendorProductsRoute => VendorProductsPage,
    /// `/vendor/organizations`
    VendorOrgsRoute => VendorOrgsPage,
    /// `/vendor/outbox`
    OutboxRoute => OutboxPage,
    /// `/vendor/audit`
    AuditRoute => AuditPage,
});

lazy_pages!(vendor_settings_pages, __preload_vendor_settings_pages, VendorSettingsPages {
    /// `/vendor/settings/notifications`
    NotificationSettingsRoute => NotificationSettingsPage,
    /// `/vendor/settings/domain`
    DomainRoute => DomainPage,
    /// `/vendor/settings/branding`
    BrandingRoute => BrandingPage,
    /// `/vendor/settings/portal`
    PortalSettingsRoute => PortalSettingsPage,
    /// `/vendor/view-as`
    ViewAsRoute => ViewAsPage,
});
