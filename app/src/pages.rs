//! One module per route.

pub mod audit;
pub mod branding;
pub mod dashboard;
pub mod domain;
pub mod invitation;
pub mod license_detail;
pub mod license_manage;
pub mod licenses;
pub mod login;
pub mod not_found;
pub mod notification_settings;
pub mod notifications;
pub mod offline;
pub mod org;
pub mod org_dnd;
pub mod outbox;
pub mod portal_settings;
pub mod profile;
pub mod releases;
pub mod unavailable;
pub mod vendor;
pub mod vendor_licenses;
pub mod vendor_orgs;
pub mod vendor_products;
pub mod vendor_releases;
pub mod view_as;
