//! Keyport's domain and persistence: SeaORM entities, migrations, queries and rules.
//!
//! `service` knows nothing of HTTP or Leptos. Every query of tenant data takes a
//! [`principal::Scope`] (or an explicit account id for pre-authentication code such as login
//! and tenancy), so a caller cannot forget the tenant.

/// The database handle every function takes (a pooled SeaORM connection).
pub use sea_orm::DatabaseConnection as Db;

pub mod accounts;
pub mod activations;
pub mod audit;
pub mod auth;
pub mod branding;
pub mod config_cache;
pub mod crypto;
pub mod custom_domain;
pub mod dashboard;
pub mod db;
pub mod deactivations;
pub mod demo;
pub mod domain;
pub mod entities;
pub mod error;
pub mod licenses;
pub mod mail;
pub mod migration;
pub mod notifications;
pub mod offline;
pub mod online;
pub mod org_admin;
pub mod passwords;
pub mod permissions;
pub mod portal;
pub mod principal;
pub mod products;
pub mod profile;
pub mod refusal;
pub mod releases;
pub mod signing;
pub mod tallies;
pub mod tenancy;
#[cfg(feature = "testing")]
pub mod testing;
pub mod vendor_orgs;
pub mod view_as;

pub use error::{FieldError, Result, ServiceError};
pub use passwords::Passwords;
pub use principal::{Principal, Scope};
