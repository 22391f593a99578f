//! Indexes for the organization's users and groups pages at scale (issue 13).

use sea_orm_migration::prelude::*;

/// Every query of `/org/users` and `/org/groups` walks one of these, so a page costs its page
/// size whatever the organization's size:
/// - `users(organization_id, account_id, email)`: the users list in email order (keyset) and
///   the email-prefix search. It leads with the organization and carries the account, so it
///   beats the account's `(account_id, email)` for any organization's query;
/// - `users(organization_id, account_id, lower(first_name || ' ' || last_name))` and
///   `users(organization_id, account_id, lower(last_name))`: the name-prefix search (the
///   query writes the same expressions);
/// - `users(organization_id, status)`: the count of users against the cap, from the index alone;
/// - `users(organization_id, customer_role, email)`: the Owners offered as contacts;
/// - `licenses(organization_id, key)` and `licenses(organization_id, product_id, key)`: the
///   licenses found by key prefix (and product) to link to a group, in key order.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns or expressions): expressions are written raw, so the index is
/// made with SQL that SQLite and PostgreSQL both accept.
const INDEXES: &[(&str, &str, &str)] = &[
    (
        "idx_users_org_account_email",
        "users",
        "organization_id, account_id, email",
    ),
    (
        "idx_users_org_full_name",
        "users",
        "organization_id, account_id, (lower(first_name || ' ' || last_name))",
    ),
    (
        "idx_users_org_last_name",
        "users",
        "organization_id, account_id, (lower(last_name))",
    ),
    ("idx_users_org_status", "users", "organization_id, status"),
    (
        "idx_users_org_role_email",
        "users",
        "organization_id, customer_role, email",
    ),
    ("idx_licenses_org_key", "licenses", "organization_id, key"),
    (
        "idx_licenses_org_product_key",
        "licenses",
        "organization_id, product_id, key",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, table, columns) in INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON {table} ({columns})"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _, _) in INDEXES.iter().rev() {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        Ok(())
    }
}
