//! Server functions, by domain. Each is thin: find who is asking, let `service` decide what
//! they may see or do, map the answer to a DTO.
//!
//! Every server function lives under `/rpc/` (the licensing REST API has `/api/v1/`), and the
//! server refuses any of them without a session unless it is listed in [`PUBLIC`].

pub mod audit;
#[cfg(feature = "ssr")]
pub mod audit_filter;
pub mod auth;
pub mod branding;
#[cfg(feature = "ssr")]
mod context;
#[cfg(feature = "ssr")]
mod convert;
pub mod dashboard;
pub mod domain;
pub mod licenses;
pub mod machines;
pub mod notifications;
pub mod offline;
pub mod org_activity;
pub mod org_groups;
pub mod org_users;
pub mod profile;
pub mod releases;
pub mod settings;
#[cfg(feature = "ssr")]
mod settings_convert;
pub mod vendor_licenses;
pub mod vendor_orgs;
pub mod vendor_products;
pub mod view_as;

use leptos::server_fn::ServerFn;

/// The URL prefix of every server function.
pub const PREFIX: &str = "/rpc";

/// Server functions that may be called without a session. Everything else answers 401.
pub const PUBLIC: &[&str] = &[
    <auth::Login as ServerFn>::PATH,
    <org_users::GetInvitation as ServerFn>::PATH,
    <org_users::AcceptInvitation as ServerFn>::PATH,
    // The sign-in page shows the published branding (drafts only reach staff).
    <branding::GetBranding as ServerFn>::PATH,
    // The "portal unavailable" page is for visitors who cannot sign in.
    <branding::GetPortalAvailability as ServerFn>::PATH,
];

/// Besides reads (`get_*`, `list_*`), the only server functions staff viewing the portal as a
/// customer may call: everything else is refused while the view is read-only.
pub const VIEW_AS_ALLOWED: &[&str] = &[
    <view_as::EndViewAs as ServerFn>::PATH,
    <auth::Logout as ServerFn>::PATH,
];
