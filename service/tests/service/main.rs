//! `service` against a real database: SQLite in memory, or PostgreSQL when
//! `TEST_DATABASE_URL` is set (a fresh database per test).

mod activation;
mod audit_search;
mod branding;
mod branding_logo;
mod custom_domain;
mod db;
mod demo;
mod listing;
mod login;
mod notifications;
mod offline;
mod offline_corpus;
mod offline_staged;
mod org_admin;
mod portal;
mod products;
mod profile;
mod protocol;
mod releases;
mod send;
mod tallies;
mod tenancy;
mod vendor_licenses;
mod visibility;
