//! Test databases and one-line builders, for this crate's tests and the server's.
//!
//! `test_db()` gives a migrated SQLite database in memory, or, when `TEST_DATABASE_URL` is set
//! (e.g. `postgres://postgres@127.0.0.1:5432/test`), a fresh PostgreSQL database per call, so
//! tests never share state.

mod builders;

use chrono::Utc;
use sea_orm::{ConnectionTrait, Database};
use uuid::Uuid;

pub use builders::{
    OtherVendor, TEST_PASSWORD, account, customer, fingerprint, group, license, org_license,
    organization, other_vendor, passwords, product, reload, staff, terms, user_license,
};

use crate::{Db, db};

/// A migrated, empty database of its own.
///
/// # Panics
/// When the database cannot be created or migrated (a test cannot go on without one).
pub async fn test_db() -> Db {
    test_db_with(db::DEFAULT_ACQUIRE_TIMEOUT).await
}

/// [`test_db`], waiting at most `acquire_timeout` for a pooled connection (the in-memory
/// SQLite pool has one).
pub async fn test_db_with(acquire_timeout: std::time::Duration) -> Db {
    let db = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => fresh_postgres(url.trim(), acquire_timeout).await,
        _ => db::connect_with("sqlite::memory:", acquire_timeout)
            .await
            .expect("in-memory SQLite opens"),
    };
    db::migrate(&db).await.expect("migrations apply");
    db
}

/// Creates `keyport_t_<unix seconds>_<uuid>` next to the database named in `url` and
/// connects to it, after dropping test databases older than an hour (so runs do not pile up,
/// and databases of tests still running are never touched).
async fn fresh_postgres(url: &str, acquire_timeout: std::time::Duration) -> Db {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let (server, _) = base
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL names a database");
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let now = Utc::now().timestamp();
    let name = format!("keyport_t_{now}_{}", Uuid::new_v4().simple());
    let admin = Database::connect(format!("{server}/postgres{suffix}"))
        .await
        .expect("the PostgreSQL server answers");
    drop_stale(&admin, now).await;
    // The name is ours (digits and a UUID), never input: safe to put in the statement.
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("CREATE DATABASE works");
    admin.close().await.ok();
    db::connect_with(&format!("{server}/{name}{suffix}"), acquire_timeout)
        .await
        .expect("the fresh database opens")
}

/// Drops `keyport_t_<secs>_...` databases made more than an hour before `now`; best effort.
async fn drop_stale(admin: &Db, now: i64) {
    let Ok(rows) = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'keyport\\_t\\_%'",
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let created = name.split('_').nth(2).and_then(|s| s.parse::<i64>().ok());
        let safe = name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if safe && created.is_some_and(|t| t < now - 3600) {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

/// A valid 1x1 PNG; `variant` bytes after its end make images with other hashes (viewers
/// ignore data after `IEND`).
pub fn png(variant: u8) -> Vec<u8> {
    let mut bytes = vec![
        137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 4,
        0, 0, 0, 181, 28, 12, 2, 0, 0, 0, 11, 73, 68, 65, 84, 120, 218, 99, 100, 96, 0, 0, 0, 6, 0,
        2, 48, 129, 208, 47, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
    ];
    if variant != 0 {
        bytes.push(variant);
    }
    bytes
}
