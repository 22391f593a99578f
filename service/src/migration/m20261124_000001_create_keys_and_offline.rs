//! Retired product signing keys (rotation) and processed offline files (idempotence, replay).

use sea_orm_migration::{
    prelude::*,
    schema::{string_len, text, timestamp_with_time_zone, uuid},
};

/// Creates `product_keys` and `offline_exchanges`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The active key stays on `products`; a rotation moves it here, where it still
        // verifies files it signed.
        manager
            .create_table(
                Table::create()
                    .table("product_keys")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("product_id"))
                    .col(string_len("kid", 16))
                    .col(text("public_key"))
                    .col(text("encrypted_private_key"))
                    .col(timestamp_with_time_zone("retired_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_product_keys_product_id")
                            .from("product_keys", "product_id")
                            .to("products", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_product_keys_product_id_kid")
                    .table("product_keys")
                    .col("product_id")
                    .col("kid")
                    .unique()
                    .take(),
            )
            .await?;
        // One row per processed request file: the same activation request returns the stored
        // response, a replayed deactivation request is recognised.
        manager
            .create_table(
                Table::create()
                    .table("offline_exchanges")
                    .col(uuid("request_id").primary_key())
                    .col(uuid("account_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("request_sha256", 64))
                    .col(uuid("activation_id"))
                    .col(text("response"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offline_exchanges_account_id")
                            .from("offline_exchanges", "account_id")
                            .to("accounts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["offline_exchanges", "product_keys"] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
