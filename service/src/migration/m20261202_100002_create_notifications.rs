//! Notification preferences (the vendor's defaults, each customer's overrides) and the
//! in-portal notification list.

use sea_orm_migration::{
    prelude::*,
    schema::{
        string_len, string_len_null, text, text_null, timestamp_with_time_zone,
        timestamp_with_time_zone_null, uuid,
    },
};

/// Creates `notification_settings`, `notification_overrides` and `notifications`.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{col}"))
        .from(from, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per account: event id -> channels (JSON); no row = Keyport's defaults.
        manager
            .create_table(
                Table::create()
                    .table("notification_settings")
                    .col(uuid("account_id").primary_key())
                    .col(text("defaults"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("notification_settings", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        // One row per customer who overrode a default: event id -> channels (JSON).
        manager
            .create_table(
                Table::create()
                    .table("notification_overrides")
                    .col(uuid("user_id").primary_key())
                    .col(uuid("account_id"))
                    .col(text("overrides"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("notification_overrides", "user_id", "users"))
                    .foreign_key(&mut fk("notification_overrides", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("user_id"))
                    .col(string_len("event", 48))
                    .col(string_len("title", 200))
                    .col(text("body"))
                    .col(text_null("link"))
                    .col(string_len_null("dedup_key", 200))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("notifications", "account_id", "accounts"))
                    .foreign_key(&mut fk("notifications", "user_id", "users"))
                    .take(),
            )
            .await?;
        // A periodic check (license expiring soon) writes each notification once: NULLs are
        // distinct on both databases, so notifications without a key are unaffected.
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user_dedup")
                    .table("notifications")
                    .col("user_id")
                    .col("dedup_key")
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user_read")
                    .table("notifications")
                    .col("user_id")
                    .col("read_at")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "notifications",
            "notification_overrides",
            "notification_settings",
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
