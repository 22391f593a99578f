//! Integration tests of the whole router, on SQLite, or on a fresh PostgreSQL database per
//! test when `TEST_DATABASE_URL` is set.

mod audit;
mod audit_view;
mod auth;
mod branding;
mod branding_logo;
mod cli;
mod domain;
mod helpers;
mod licensing_api;
mod machines;
mod mail;
mod notifications;
mod org_admin;
mod org_licenses;
mod pages;
mod release_upload;
mod releases;
mod security;
mod server_fns;
mod settings;
mod signed_links;
mod tenancy;
mod vendor_licenses;
mod view_as;
