//! Products, licenses, their links to groups, and activations (machines).

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer, big_integer_null, boolean, string_len, string_len_null, text, text_null,
        timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
    },
};

/// Creates the licensing tables.
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
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        manager
            .create_table(
                Table::create()
                    .table("products")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(string_len("name", 200))
                    .col(boolean("visible"))
                    .col(string_len("kid", 16))
                    .col(text("public_key"))
                    .col(text("encrypted_private_key"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("products", "account_id", "accounts", Cascade))
                    .take(),
            )
            .await?;
        index(manager, "products", &["account_id", "name"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("licenses")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("product_id"))
                    .col(string_len("key", 64).unique_key())
                    .col(uuid_null("owner_user_id"))
                    .col(uuid_null("organization_id"))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone_null("expires_at"))
                    .col(timestamp_with_time_zone_null("maintenance_expires_at"))
                    .col(big_integer_null("allowed_activations"))
                    .col(big_integer_null("allowed_deactivations"))
                    .col(big_integer("activations_count").default(0))
                    .col(big_integer("deactivations_used").default(0))
                    .col(boolean("offline_allowed"))
                    .col(big_integer_null("offline_lease_days"))
                    .col(text("metadata"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("licenses", "account_id", "accounts", Cascade))
                    .foreign_key(&mut fk("licenses", "product_id", "products", Restrict))
                    .foreign_key(&mut fk("licenses", "owner_user_id", "users", SetNull))
                    .foreign_key(&mut fk(
                        "licenses",
                        "organization_id",
                        "organizations",
                        SetNull,
                    ))
                    .take(),
            )
            .await?;
        // Keyset pages walk id desc within a visibility filter: one index per filter.
        index(manager, "licenses", &["account_id", "id"], false).await?;
        index(manager, "licenses", &["organization_id", "id"], false).await?;
        index(manager, "licenses", &["owner_user_id", "id"], false).await?;
        index(manager, "licenses", &["account_id", "expires_at"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("license_groups")
                    .col(uuid("license_id"))
                    .col(uuid("group_id"))
                    .primary_key(Index::create().col("license_id").col("group_id"))
                    .foreign_key(&mut fk("license_groups", "license_id", "licenses", Cascade))
                    .foreign_key(&mut fk(
                        "license_groups",
                        "group_id",
                        "user_groups",
                        Cascade,
                    ))
                    .take(),
            )
            .await?;
        // Visibility goes from a user's groups to their licenses: lead with group_id.
        index(
            manager,
            "license_groups",
            &["group_id", "license_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("activations")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("license_id"))
                    .col(string_len("fingerprint", 64))
                    .col(string_len("hostname", 255))
                    .col(string_len("os", 255))
                    .col(string_len_null("app_version", 64))
                    .col(string_len("mode", 16))
                    .col(text_null("client_pub"))
                    .col(timestamp_with_time_zone("activated_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone_null("deactivated_at"))
                    .col(uuid_null("deactivated_by"))
                    .col(string_len_null("deactivation_method", 16))
                    .foreign_key(&mut fk("activations", "account_id", "accounts", Cascade))
                    .foreign_key(&mut fk("activations", "license_id", "licenses", Cascade))
                    .foreign_key(&mut fk("activations", "deactivated_by", "users", SetNull))
                    .take(),
            )
            .await?;
        index(
            manager,
            "activations",
            &["license_id", "activated_at"],
            false,
        )
        .await?;
        index(
            manager,
            "activations",
            &["account_id", "activated_at"],
            false,
        )
        .await?;
        // One live activation per machine and license, even when two requests race: a partial
        // unique index (same syntax on SQLite and PostgreSQL; sea-query cannot express it).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_activations_live_fingerprint \
                 ON activations (license_id, fingerprint) WHERE deactivated_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["activations", "license_groups", "licenses", "products"] {
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
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(format!("idx_{table}_{}", cols.join("_")))
        .table(table);
    for col in cols {
        stmt.col(*col);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt).await
}
