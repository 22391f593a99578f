//! Server-side sessions and the audit log (which also feeds login throttling).

use sea_orm_migration::{
    prelude::*,
    schema::{string_len, string_len_null, text, timestamp_with_time_zone, uuid, uuid_null},
};

/// Creates `sessions` and `audit_events`.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from: &'static str,
    col: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{col}"))
        .from(from, col)
        .to(to, "id")
        .on_delete(on_delete)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(uuid("id").primary_key())
                    .col(string_len("token_hash", 64).unique_key())
                    .col(uuid("account_id"))
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(string_len_null("ip", 64))
                    .col(string_len_null("user_agent", 512))
                    .foreign_key(&mut fk("sessions", "account_id", "accounts", Cascade))
                    .foreign_key(&mut fk("sessions", "user_id", "users", Cascade))
                    .take(),
            )
            .await?;
        index(manager, "sessions", &["user_id"]).await?;

        // No foreign keys here on purpose: the audit trail outlives the users and
        // organizations it mentions (actor_email keeps who it was).
        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid_null("actor_user_id"))
                    .col(string_len("actor_email", 320))
                    .col(uuid_null("organization_id"))
                    .col(string_len("action", 64))
                    .col(string_len("target_type", 32))
                    .col(string_len("target_id", 64))
                    .col(string_len("outcome", 16))
                    .col(string_len_null("ip", 64))
                    .col(text("details"))
                    .col(timestamp_with_time_zone("created_at"))
                    .take(),
            )
            .await?;
        // Login throttling counts recent failures per email and per IP.
        index(
            manager,
            "audit_events",
            &["account_id", "action", "actor_email", "created_at"],
        )
        .await?;
        index(manager, "audit_events", &["account_id", "ip", "created_at"]).await?;
        index(manager, "audit_events", &["account_id", "id"]).await?;
        index(manager, "audit_events", &["organization_id", "id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_events", "sessions"] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

/// Creates `idx_{table}_{cols}`.
async fn index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(format!("idx_{table}_{}", cols.join("_")))
        .table(table);
    for col in cols {
        stmt.col(*col);
    }
    manager.create_index(stmt).await
}
