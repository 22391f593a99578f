//! What the portal reads on every page, made cheap at a real vendor's size (issue 13).

use sea_orm_migration::{prelude::*, schema::big_integer};

/// Adds `accounts.config_version` (bumped in the same transaction as every change to the
/// portal settings or the branding, so a server's in-memory copy of both is checked by one
/// number), `users.unread_notifications` (the header's badge, kept in the same transaction as
/// each notification written or read) and indexes from an organization's and an account's
/// licenses to their products (the license list's product filter asks "does this organization
/// have a license of product P"; the releases list reads P's longest-maintained licenses).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("accounts")
                    .add_column(big_integer("config_version").default(0))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(big_integer("unread_notifications").default(0))
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET unread_notifications = (SELECT COUNT(*) FROM notifications n \
                 WHERE n.user_id = users.id AND n.read_at IS NULL)",
            )
            .await?;
        // "Has this organization (account) a license of product P", and the releases list's
        // longest-maintained licenses of P: one index each, the product filter's `EXISTS`
        // using its first two columns.
        for scope in ["organization_id", "account_id"] {
            manager
                .create_index(
                    Index::create()
                        .name(format!(
                            "idx_licenses_{scope}_product_id_maintenance_expires_at"
                        ))
                        .table("licenses")
                        .col(scope)
                        .col("product_id")
                        .col("maintenance_expires_at")
                        .take(),
                )
                .await?;
        }
        // An organization's licenses ending soonest (the dashboard's "expiring soon"); the
        // account has had its own since the start.
        manager
            .create_index(
                Index::create()
                    .name("idx_licenses_organization_id_expires_at")
                    .table("licenses")
                    .col("organization_id")
                    .col("expires_at")
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_licenses_organization_id_expires_at")
                    .table("licenses")
                    .to_owned(),
            )
            .await?;
        for scope in ["organization_id", "account_id"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!(
                            "idx_licenses_{scope}_product_id_maintenance_expires_at"
                        ))
                        .table("licenses")
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("unread_notifications")
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("accounts")
                    .drop_column("config_version")
                    .take(),
            )
            .await
    }
}
