//! Custom domains serve an account only once DNS proves the domain points at this portal.

use sea_orm_migration::{prelude::*, schema::string_len_null};

/// Adds `accounts.custom_domain_pending`, the domain an admin asked for until its DNS check
/// passes, and moves every custom domain set before there (none of them was ever checked)
/// into it: they serve again at the first check, at start-up or from the settings page.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("accounts")
                    .add_column(string_len_null("custom_domain_pending", 253))
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE accounts SET custom_domain_pending = custom_domain, custom_domain = NULL \
                 WHERE custom_domain IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE accounts SET custom_domain = custom_domain_pending \
                 WHERE custom_domain IS NULL AND custom_domain_pending IS NOT NULL",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("accounts")
                    .drop_column("custom_domain_pending")
                    .take(),
            )
            .await
    }
}
