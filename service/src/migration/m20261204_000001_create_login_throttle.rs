//! Sign-in throttling counters: one row per (account, key) whose failures are being counted.

use sea_orm_migration::{
    prelude::*,
    schema::{integer, text, timestamp_with_time_zone, uuid},
};

/// Creates `login_throttle`: failed (and in-flight) sign-ins per account and key (an email,
/// an IP address) within the current window, counted by an atomic upsert.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("login_throttle")
                    .col(uuid("account_id"))
                    .col(text("key"))
                    .col(timestamp_with_time_zone("window_start"))
                    .col(integer("failures"))
                    .primary_key(Index::create().col("account_id").col("key"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_login_throttle_account_id")
                            .from("login_throttle", "account_id")
                            .to("accounts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("login_throttle").take())
            .await
    }
}
