//! SeaORM entities, one file per table.
//!
//! Relations are left out on purpose: queries join through explicit subqueries and batched
//! look-ups, so every tenant filter is visible where the query is written.

pub mod account;
pub mod activation;
pub mod activation_day;
pub mod audit_event;
pub mod branding;
pub mod branding_logo;
pub mod group_membership;
pub mod invitation;
pub mod license;
pub mod license_group;
pub mod license_tally;
pub mod login_throttle;
pub mod notification;
pub mod notification_override;
pub mod notification_settings;
pub mod offline_exchange;
pub mod offline_upload;
pub mod organization;
pub mod outbox_message;
pub mod portal_settings;
pub mod product;
pub mod product_key;
pub mod release;
pub mod release_file;
pub mod session;
pub mod user;
pub mod user_group;
pub mod view_as_session;
