//! Confirmed offline uploads keep their answer for the done page (issue 15, item 6).

use sea_orm_migration::{prelude::*, schema::text_null};

/// Adds to `offline_uploads` the signed file a confirmation made (`answer`, `answer_name`)
/// and what it did (`done`, JSON: license, product, host name), so that confirming leads to a
/// page that says what happened and offers the file, which can be downloaded again while the
/// upload is held. SQLite adds one column per statement.
#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 3] = ["answer", "answer_name", "done"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("offline_uploads")
                        .add_column(text_null(column))
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS.iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table("offline_uploads")
                        .drop_column(*column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
