//! Invitations of organization users, and the outbox of emails to send.

use sea_orm_migration::{
    prelude::*,
    schema::{
        integer, string_len, string_len_null, text, timestamp_with_time_zone,
        timestamp_with_time_zone_null, uuid,
    },
};

/// Creates `invitations` and `outbox`.
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
        manager
            .create_table(
                Table::create()
                    .table("invitations")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("user_id"))
                    .col(string_len("token_hash", 64).unique_key())
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("invitations", "account_id", "accounts"))
                    .foreign_key(&mut fk("invitations", "user_id", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invitations_user_id")
                    .table("invitations")
                    .col("user_id")
                    .take(),
            )
            .await?;
        // No foreign key to users: a message already queued is still sent (or kept for the
        // vendor to read) when its recipient is deleted.
        manager
            .create_table(
                Table::create()
                    .table("outbox")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(string_len("to_email", 320))
                    .col(string_len("subject", 300))
                    .col(text("body"))
                    .col(string_len("status", 16))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(string_len_null("last_error", 500))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("outbox", "account_id", "accounts"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_status_next_attempt_at")
                    .table("outbox")
                    .col("status")
                    .col("next_attempt_at")
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["outbox", "invitations"] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
