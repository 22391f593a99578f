//! Per-account portal settings: modes, catalog defaults, allowed actions, permission matrix.

use sea_orm_migration::{
    prelude::*,
    schema::{boolean, text, timestamp_with_time_zone, uuid},
};

/// Creates `portal_settings` (one row per account; no row = the defaults).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("portal_settings")
                    .col(uuid("account_id").primary_key())
                    .col(boolean("portal_enabled"))
                    .col(boolean("logged_in_portal_enabled"))
                    .col(boolean("secure_link_approval"))
                    .col(boolean("secure_link_payment"))
                    .col(boolean("customer_self_service"))
                    .col(boolean("audit_portal_actions"))
                    .col(boolean("products_visible_by_default"))
                    .col(text("actions_disabled"))
                    .col(text("actions_internal"))
                    .col(text("matrix"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_portal_settings_account_id")
                            .from("portal_settings", "account_id")
                            .to("accounts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("portal_settings").take())
            .await
    }
}
