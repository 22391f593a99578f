//! Logo images of the branding, stored in the database (at most 512 KiB each) so every
//! `keyport` server behind a load balancer serves them from the one PostgreSQL.

use sea_orm_migration::{
    prelude::*,
    schema::{big_integer, blob, string_len, timestamp_with_time_zone, uuid},
};

/// Creates `branding_logos`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("branding_logos")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(string_len("sha256", 64))
                    .col(string_len("content_type", 32))
                    .col(big_integer("size"))
                    .col(blob("bytes"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_branding_logos_account_id")
                            .from("branding_logos", "account_id")
                            .to("accounts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_branding_logos_account_sha256")
                    .table("branding_logos")
                    .col("account_id")
                    .col("sha256")
                    .unique()
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("branding_logos").take())
            .await
    }
}
