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
use leptos_router::ChooseView;

/// `lazy_pages! { group, __preload_group, Enum { Route => Page, ... }; ... }`: for each group,
/// one WASM module (`#[lazy] fn group`) with its pages; for every route, a variant of [`Page`],
/// the view the route table gives the router.
///
/// Grouped rather than one module per route (what `#[lazy_route]` would give): the splitter
/// puts the code any two split points share into modules of its own, and with a split point
/// per route a vendor page needed a hundred small modules. The split is named `group_<hash>`
/// in the split manifest.
///
/// One view type for every route rather than Leptos' `Lazy<Route>` per route: the router's
/// code is generic over each route's view, so 27 `Lazy` types repeated it 27 times in the
/// main module, which every page loads.
macro_rules! lazy_pages {
    ($($group:ident, $preload:ident, $pages:ident {
        $($(#[$doc:meta])* $route:ident => $page:ident,)*
    };)*) => {
        $(
            /// The pages of one lazy module, one variant per route, named as in [`Page`].
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
        )*

        /// A route's page: what the router shows for it.
        #[derive(Clone, Copy, Debug)]
        pub enum Page {
            $($($(#[$doc])* $route,)*)*
        }

        impl ChooseView for Page {
            /// Loads the page's module (in the browser, the first time) and shows the page. On
            /// the server, it first adds the preload links of the page's modules to the
            /// `<head>` (`preload.rs`), under the route's own owner. Pages create their
            /// resources in their view, under the layout's contexts, in the same order on the
            /// server and in the browser.
            async fn choose(self) -> AnyView {
                match self {
                    $($(Page::$route => {
                        #[cfg(feature = "ssr")]
                        crate::preload::group(stringify!($group));
                        $group($pages::$route).await
                    })*)*
                }
            }

            /// What `hydrate_lazy` awaits before hydrating a page opened at its address, and
            /// the router before showing one: the page's module.
            async fn preload(&self) {
                #[cfg(target_arch = "wasm32")]
                match self {
                    $($(Page::$route)|* => $preload().await,)*
                }
            }
        }
    };
}

lazy_pages! {
    dashboard_pages, __preload_dashboard_pages, DashboardPages {
        /// `/`
        Dashboard => DashboardPage,
    };

    license_list_pages, __preload_license_list_pages, LicenseListPages {
        /// `/licenses`
        Licenses => LicensesPage,
    };

    license_pages, __preload_license_pages, LicensePages {
        /// `/licenses/:id`
        LicenseDetail => LicenseDetailPage,
        /// `/releases` and `/licenses/:id/releases`
        Releases => ReleasesPage,
    };

    signed_out_pages, __preload_signed_out_pages, SignedOutPages {
        /// `/login`
        Login => LoginPage,
        /// `/unavailable`
        Unavailable => UnavailablePage,
        /// `/invitation/:token`
        Invitation => InvitationPage,
    };

    account_pages, __preload_account_pages, AccountPages {
        /// `/profile`
        Profile => ProfilePage,
        /// `/notifications`
        Notifications => NotificationsPage,
    };

    offline_pages, __preload_offline_pages, OfflinePages {
        /// `/offline/activate`
        OfflineActivate => OfflineActivatePage,
        /// `/offline/deactivate`
        OfflineDeactivate => OfflineDeactivatePage,
    };

    org_pages, __preload_org_pages, OrgPages {
        /// `/org/users`
        OrgUsers => OrgUsersPage,
        /// `/org/groups`
        OrgGroups => OrgGroupsPage,
        /// `/org/groups/:id`
        OrgGroup => OrgGroupPage,
        /// `/org/activity`
        OrgActivity => OrgActivityPage,
    };

    vendor_pages, __preload_vendor_pages, VendorPages {
        /// `/vendor`
        VendorDashboard => VendorDashboardPage,
        /// `/vendor/licenses`
        VendorLicenses => VendorLicensesPage,
        /// `/vendor/releases`
        VendorReleases => VendorReleasesPage,
        /// `/vendor/products`
        VendorProducts => VendorProductsPage,
        /// `/vendor/organizations`
        VendorOrgs => VendorOrgsPage,
        /// `/vendor/outbox`
        Outbox => OutboxPage,
        /// `/vendor/audit`
        Audit => AuditPage,
    };

    vendor_settings_pages, __preload_vendor_settings_pages, VendorSettingsPages {
        /// `/vendor/settings/notifications`
        NotificationSettings => NotificationSettingsPage,
        /// `/vendor/settings/domain`
        Domain => DomainPage,
        /// `/vendor/settings/branding`
        Branding => BrandingPage,
        /// `/vendor/settings/portal`
        PortalSettings => PortalSettingsPage,
        /// `/vendor/view-as`
        ViewAs => ViewAsPage,
    };
}
