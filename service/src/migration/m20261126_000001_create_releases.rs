//! Releases of products and their files (the bytes live in the object store, not here).

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, string_len, text, timestamp_with_time_zone, timestamp_with_time_zone_null,
        uuid,
    },
};

/// Creates `releases` and `release_files`.
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
                    .table("releases")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("product_id"))
                    .col(string_len("version", 64))
                    .col(string_len("channel", 32))
                    .col(string_len("platform", 32))
                    .col(string_len("arch", 32))
                    .col(text("notes"))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("releases", "account_id", "accounts"))
                    .foreign_key(&mut fk("releases", "product_id", "products"))
                    .take(),
            )
            .await?;
        // One release per product, version, channel and target.
        manager
            .create_index(
                Index::create()
                    .name("idx_releases_identity")
                    .table("releases")
                    .col("product_id")
                    .col("version")
                    .col("channel")
                    .col("platform")
                    .col("arch")
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("release_files")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("release_id"))
                    .col(string_len("name", 255))
                    .col(big_integer("size"))
                    .col(string_len("sha256", 64))
                    .col(string_len("storage_key", 255).unique_key())
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("release_files", "account_id", "accounts"))
                    .foreign_key(&mut fk("release_files", "release_id", "releases"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_release_files_release_id_name")
                    .table("release_files")
                    .col("release_id")
                    .col("name")
                    .unique()
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["release_files", "releases"] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
