//! The schema, as timestamp-named SeaORM migrations run at boot and by the CLI.
//!
//! Each migration is self-contained (it never imports entity code), has `up` and `down`, and
//! runs unchanged on SQLite and PostgreSQL.

use sea_orm_migration::{MigrationTrait, MigratorTrait};

mod m20261123_000001_create_tenancy;
mod m20261123_000002_create_licensing;
mod m20261123_000003_create_auth_and_audit;
mod m20261124_000001_create_keys_and_offline;
mod m20261125_000001_create_invitations_and_outbox;
mod m20261126_000001_create_releases;
mod m20261127_000001_create_portal_settings;
mod m20261127_000002_create_view_as;
mod m20261127_000003_create_branding;
mod m20261202_000001_create_offline_uploads;
mod m20261202_100001_create_branding_logos;
mod m20261202_100002_create_notifications;
mod m20261204_000001_create_login_throttle;
mod m20261204_000002_custom_domain_pending;
mod m20261205_000001_portal_at_scale;
mod m20261205_000002_create_license_tallies;
mod m20261205_000003_org_pages;
mod m20261205_000004_expiring_soon;
mod m20261206_000001_offline_answers;
mod m20261206_000002_product_offline_help;

/// Every migration, in order.
pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_tenancy::Migration),
            Box::new(m20261123_000002_create_licensing::Migration),
            Box::new(m20261123_000003_create_auth_and_audit::Migration),
            Box::new(m20261124_000001_create_keys_and_offline::Migration),
            Box::new(m20261125_000001_create_invitations_and_outbox::Migration),
            Box::new(m20261126_000001_create_releases::Migration),
            Box::new(m20261127_000001_create_portal_settings::Migration),
            Box::new(m20261127_000002_create_view_as::Migration),
            Box::new(m20261127_000003_create_branding::Migration),
            Box::new(m20261202_000001_create_offline_uploads::Migration),
            Box::new(m20261202_100001_create_branding_logos::Migration),
            Box::new(m20261202_100002_create_notifications::Migration),
            Box::new(m20261204_000001_create_login_throttle::Migration),
            Box::new(m20261204_000002_custom_domain_pending::Migration),
            Box::new(m20261205_000001_portal_at_scale::Migration),
            Box::new(m20261205_000002_create_license_tallies::Migration),
            Box::new(m20261205_000003_org_pages::Migration),
            Box::new(m20261205_000004_expiring_soon::Migration),
            Box::new(m20261206_000001_offline_answers::Migration),
            Box::new(m20261206_000002_product_offline_help::Migration),
        ]
    }
}
