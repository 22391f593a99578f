//! Vendor accounts, organizations, users (staff and customers), groups and memberships.

use sea_orm_migration::{
    prelude::*,
    schema::{
        big_integer_null, string_len, string_len_null, text, timestamp_with_time_zone,
        timestamp_with_time_zone_null, uuid, uuid_null,
    },
    sea_orm::DbBackend,
};

/// Creates the tenancy tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{col}"))
        .from(from, col)
        .to(to, "id")
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("accounts")
                    .col(uuid("id").primary_key())
                    .col(string_len("alias", 63).unique_key())
                    .col(string_len("name", 200))
                    .col(string_len_null("custom_domain", 253).unique_key())
                    .col(timestamp_with_time_zone("created_at"))
                    .take(),
            )
            .await?;

        // The contacts reference users, and users reference organizations. PostgreSQL needs
        // the target table to exist, so it gets those two keys afterwards; SQLite cannot add
        // a foreign key to an existing table but accepts a forward reference, so it gets them
        // here.
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        let mut organizations = Table::create()
            .table("organizations")
            .col(uuid("id").primary_key())
            .col(uuid("account_id"))
            .col(string_len("name", 200))
            .col(big_integer_null("allowed_users"))
            .col(uuid_null("primary_contact_id"))
            .col(uuid_null("secondary_contact_id"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(
                fk("organizations", "account_id", "accounts").on_delete(ForeignKeyAction::Cascade),
            )
            .take();
        if sqlite {
            organizations
                .foreign_key(&mut contact_fk("primary_contact_id"))
                .foreign_key(&mut contact_fk("secondary_contact_id"));
        }
        manager.create_table(organizations).await?;
        index(manager, "organizations", &["account_id", "id"], false).await?;

        // One table for vendor staff and customer users: there is one login page per account,
        // and an email must identify exactly one person in it, which a single unique index on
        // (account_id, email) guarantees where two tables could not.
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(string_len("kind", 16))
                    .col(string_len_null("staff_role", 32))
                    .col(string_len_null("customer_role", 32))
                    .col(uuid_null("organization_id"))
                    .col(string_len("email", 320))
                    .col(string_len("first_name", 100))
                    .col(string_len("last_name", 100))
                    .col(text("password_hash"))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone_null("last_login_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        fk("users", "account_id", "accounts").on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("users", "organization_id", "organizations")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .take(),
            )
            .await?;
        if !sqlite {
            manager
                .create_foreign_key(contact_fk("primary_contact_id"))
                .await?;
            manager
                .create_foreign_key(contact_fk("secondary_contact_id"))
                .await?;
        }
        index(manager, "users", &["account_id", "email"], true).await?;
        index(manager, "users", &["organization_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("user_groups")
                    .col(uuid("id").primary_key())
                    .col(uuid("account_id"))
                    .col(uuid("organization_id"))
                    .col(string_len("name", 200))
                    .col(text("description"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        fk("user_groups", "account_id", "accounts")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("user_groups", "organization_id", "organizations")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        index(manager, "user_groups", &["organization_id", "name"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("group_memberships")
                    .col(uuid("group_id"))
                    .col(uuid("user_id"))
                    .primary_key(Index::create().col("group_id").col("user_id"))
                    .foreign_key(
                        fk("group_memberships", "group_id", "user_groups")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("group_memberships", "user_id", "users")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        // Visibility asks "which groups is this user in": lead with user_id.
        index(
            manager,
            "group_memberships",
            &["user_id", "group_id"],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            for col in ["primary_contact_id", "secondary_contact_id"] {
                manager
                    .drop_foreign_key(
                        ForeignKey::drop()
                            .table("organizations")
                            .name(format!("fk_organizations_{col}"))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        for table in [
            "group_memberships",
            "user_groups",
            "users",
            "organizations",
            "accounts",
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}

fn contact_fk(col: &'static str) -> ForeignKeyCreateStatement {
    fk("organizations", col, "users")
        .on_delete(ForeignKeyAction::SetNull)
        .take()
}

/// Creates `idx_{table}_{cols}`; migrations 2 and 3 keep their own copy (self-contained).
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
