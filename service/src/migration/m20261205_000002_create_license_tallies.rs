//! Dashboard counters kept in the same transaction as each change (issue 13): the figures of
//! an organization's or an account's dashboard without a `COUNT(*)` over its licenses.
//! `docs/decisions.md`, "Dashboard counters (issue 13)", explains the tables.

use sea_orm::{DatabaseBackend, Statement};
use sea_orm_migration::{
    prelude::*,
    schema::{big_integer, integer, small_integer, string_len, uuid},
};

/// Adds `licenses.expiry_stage`, `license_tallies` and `activation_days`, and fills them from
/// the rows already there.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// "Expiring soon" is within this many days (the dashboard's figure).
const SOON_DAYS: i64 = 30;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        // 0: no expiry or more than 30 days away; 1: within 30 days; 2: expired.
        manager
            .alter_table(
                Table::alter()
                    .table("licenses")
                    .add_column(small_integer("expiry_stage").default(0))
                    .take(),
            )
            .await?;
        let now = chrono::Utc::now();
        for (stage, until) in [(2, now), (1, now + chrono::Duration::days(SOON_DAYS))] {
            let stmt = Query::update()
                .table("licenses")
                .value("expiry_stage", stage)
                .and_where(Expr::col("expiry_stage").eq(0))
                .and_where(Expr::col("expires_at").lte(until))
                .take();
            db.execute(&stmt).await?;
        }
        // The stage job walks every account's lagging licenses; the dashboards walk one
        // scope's. Each is an index range scan of the few whose stage lags the clock.
        for cols in [
            &["expiry_stage", "expires_at"][..],
            &["account_id", "expiry_stage", "expires_at"],
            &["organization_id", "expiry_stage", "expires_at"],
        ] {
            let mut index = Index::create();
            index
                .name(format!("idx_licenses_{}", cols.join("_")))
                .table("licenses");
            for col in cols {
                index.col(*col);
            }
            manager.create_index(index).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("license_tallies")
                    .col(uuid("scope_id"))
                    .col(uuid("account_id"))
                    .col(string_len("status", 16))
                    .col(small_integer("stage"))
                    .col(small_integer("slot"))
                    .col(big_integer("licenses"))
                    .col(big_integer("seats_used"))
                    .col(big_integer("seats_allowed"))
                    .col(big_integer("unlimited"))
                    .primary_key(
                        Index::create()
                            .col("scope_id")
                            .col("status")
                            .col("stage")
                            .col("slot"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_license_tallies_account_id")
                            .from("license_tallies", "account_id")
                            .to("accounts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("activation_days")
                    .col(uuid("account_id"))
                    .col(integer("day"))
                    .col(small_integer("slot"))
                    .col(big_integer("activations"))
                    .primary_key(Index::create().col("account_id").col("day").col("slot"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activation_days_account_id")
                            .from("activation_days", "account_id")
                            .to("accounts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;

        // Backfill into slot 0: a slot is only a partial sum (readers add the slots up), so
        // where a row's share sits does not matter, only that it is counted once.
        let sums = "CAST(COUNT(*) AS BIGINT), CAST(SUM(activations_count) AS BIGINT), \
                    CAST(SUM(COALESCE(allowed_activations, 0)) AS BIGINT), \
                    CAST(SUM(CASE WHEN allowed_activations IS NULL THEN 1 ELSE 0 END) AS BIGINT)";
        let columns = "(scope_id, account_id, status, stage, slot, licenses, seats_used, \
                       seats_allowed, unlimited)";
        db.execute_unprepared(&format!(
            "INSERT INTO license_tallies {columns} \
             SELECT account_id, account_id, status, expiry_stage, 0, {sums} FROM licenses \
             GROUP BY account_id, status, expiry_stage"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO license_tallies {columns} \
             SELECT organization_id, account_id, status, expiry_stage, 0, {sums} FROM licenses \
             WHERE organization_id IS NOT NULL \
             GROUP BY organization_id, account_id, status, expiry_stage"
        ))
        .await?;
        let day = day_sql(backend, "activated_at");
        db.execute_raw(Statement::from_string(
            backend,
            format!(
                "INSERT INTO activation_days (account_id, day, slot, activations) \
                 SELECT account_id, {day}, 0, CAST(COUNT(*) AS BIGINT) FROM activations \
                 GROUP BY account_id, {day}"
            ),
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["activation_days", "license_tallies"] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        for name in [
            "idx_licenses_organization_id_expiry_stage_expires_at",
            "idx_licenses_account_id_expiry_stage_expires_at",
            "idx_licenses_expiry_stage_expires_at",
        ] {
            manager
                .drop_index(Index::drop().name(name).table("licenses").to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("licenses")
                    .drop_column("expiry_stage")
                    .take(),
            )
            .await
    }
}

/// The UTC day of a timestamp column, as days since 1970-01-01 (the same number as
/// `service::tallies::day_of`). SQLite stores timestamps as RFC 3339 text.
fn day_sql(backend: DatabaseBackend, column: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            format!("CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / 86400) AS INTEGER)")
        }
        _ => format!("CAST(strftime('%s', {column}) AS INTEGER) / 86400"),
    }
}
