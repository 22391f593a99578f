//! "View as customer": a staff session that shows the portal as one customer user.

use sea_orm_migration::{
    prelude::*,
    schema::{timestamp_with_time_zone, uuid},
};

/// Creates `view_as_sessions` (one row per staff session while it views as a customer).
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_view_as_sessions_{col}"))
        .from("view_as_sessions", col)
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
                    .table("view_as_sessions")
                    .col(uuid("session_id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("customer_user_id"))
                    .col(timestamp_with_time_zone("started_at"))
                    .foreign_key(&mut fk("session_id", "sessions"))
                    .foreign_key(&mut fk("account_id", "accounts"))
                    .foreign_key(&mut fk("customer_user_id", "users"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("view_as_sessions").take())
            .await
    }
}
