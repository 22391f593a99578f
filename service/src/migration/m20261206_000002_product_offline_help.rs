//! A product's offline activation help (issue 15, item 6).

use sea_orm_migration::{prelude::*, schema::text_null};

/// Adds `products.offline_help`: the vendor's words for where, in the product, a customer makes
/// the offline request file. Shown on the portal's offline pages; blank for Keyport's sentence.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("products")
                    .add_column(text_null("offline_help"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("products")
                    .drop_column("offline_help")
                    .take(),
            )
            .await
    }
}
