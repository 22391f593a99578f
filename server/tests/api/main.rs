//! Integration tests of the whole router, on SQLite, or on a fresh PostgreSQL database per
//! test when `TEST_DATABASE_URL` is set.

mod audit;
mod audit_modes;
mod audit_view;
mod auth;
mod branding;
mod branding_logo;
mod cli;
mod domain;
mod helpers;
mod licensing_api;
mod licensing_rules;
mod machines;
mod mail;
mod main_pages;
mod notifications;
mod offline_upload;
mod org_admin;
mod org_licenses;
mod pages;
mod permission_flips;
mod release_upload;
mod releases;
mod security;
mod server_fns;
mod serving;
mod settings;
mod signed_links;
mod ssr_hammer;
mod ssr_queries;
mod tenancy;
mod unavailable;
mod vendor_crud;
mod vendor_licenses;
mod view_as;
