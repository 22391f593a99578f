//! Offline uploads waiting for confirmation, and the account's maximum request age.

use sea_orm_migration::{
    prelude::*,
    schema::{integer, string, text, timestamp_with_time_zone, uuid},
};

/// Creates `offline_uploads` (a checked request file held until its uploader confirms it) and
/// adds `portal_settings.offline_max_age_days` (DESIGN.md section 4: default 7 days).
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_offline_uploads_{col}"))
        .from("offline_uploads", col)
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
                    .table("offline_uploads")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("user_id"))
                    .col(string("kind"))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("account_id", "accounts"))
                    .foreign_key(&mut fk("user_id", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_offline_uploads_user_id")
                    .table("offline_uploads")
                    .col("user_id")
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("portal_settings")
                    .add_column(integer("offline_max_age_days").default(7))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("portal_settings")
                    .drop_column("offline_max_age_days")
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("offline_uploads").take())
            .await
    }
}
