//! Connecting to the database and running the migrations.

use std::{path::Path, time::Duration};

use sea_orm::{ConnectOptions, ConnectionTrait, Database};
use sea_orm_migration::MigratorTrait;
use tracing::instrument;

use crate::{Db, Result, ServiceError, migration::Migrator};

/// The SQLite URL of the embedded database in `data_dir`.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}/keyport.db?mode=rwc", data_dir.display())
}

/// How long a query waits for a free pooled connection before the request is answered 503
/// ("busy") instead of queueing on: see [`connect_with`].
pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Connects to SQLite (`sqlite://...`) or PostgreSQL (`postgres://...`), waiting at most
/// [`DEFAULT_ACQUIRE_TIMEOUT`] for a pooled connection.
pub async fn connect(database_url: &str) -> Result<Db> {
    connect_with(database_url, DEFAULT_ACQUIRE_TIMEOUT).await
}

/// Connects to SQLite (`sqlite://...`) or PostgreSQL (`postgres://...`).
///
/// SQLite gets WAL (readers never wait for the writer), enforced foreign keys and a 5 s busy
/// timeout (writers queue instead of failing), and its parent directory is created. A query
/// that finds every pooled connection taken for `acquire_timeout` fails with
/// `ServiceError::Busy`: a saturated server answers 503 at once rather than after minutes of
/// queueing (sqlx's default wait is 30 s).
#[instrument(skip_all, fields(db.backend = backend_name(database_url)))]
pub async fn connect_with(database_url: &str, acquire_timeout: Duration) -> Result<Db> {
    let mut options = ConnectOptions::new(database_url);
    options.sqlx_logging(false).acquire_timeout(acquire_timeout);
    if database_url.starts_with("sqlite:") {
        if let Some(parent) =
            sqlite_file(database_url).and_then(|f| f.parent().map(Path::to_path_buf))
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(&parent).map_err(|e| {
                ServiceError::Internal(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let in_memory = database_url.contains(":memory:") || database_url.contains("mode=memory");
        // An in-memory database lives in its one connection; a file serves several readers.
        options.max_connections(if in_memory { 1 } else { 8 });
        if in_memory {
            // The pool must never drop the only connection, or the data goes with it.
            options
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        // A pooled SQLite connection is a file handle in this process: it cannot be dropped by
        // a server or a firewall, so sqlx's ping on every checkout (one more hand-off to the
        // connection's thread per statement, about a tenth of a page's CPU) buys nothing.
        options.test_before_acquire(false);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
        });
    } else {
        // Pinged only after a minute idle (a server, proxy or firewall may have dropped it),
        // not on every checkout: a hot connection goes straight to its query.
        options
            .max_connections(16)
            .test_before_acquire_if_idle_for(Duration::from_secs(60));
        // Every statement here is prepared once per connection and written so that the index
        // bounding it leads whatever the values: a generic plan serves it, where PostgreSQL's
        // default re-plans each execution with its values (about 1 ms per statement at
        // 100,000 licenses). JIT compiles any plan that merely looks costly (a generic plan
        // with `LIMIT $n`) for 10-30 ms, longer than these queries ever run.
        // docs/decisions.md, "PostgreSQL: generic plans, no JIT".
        options.map_sqlx_postgres_opts(|o| {
            o.options([("plan_cache_mode", "force_generic_plan"), ("jit", "off")])
        });
    }
    Ok(Database::connect(options).await?)
}

/// This process's turn to write to a SQLite file, for transactions that change seats.
///
/// SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps 1,
/// 2, 5, 10, ... up to 100 ms between tries, so under load a writer often sleeps on after the
/// lock is free (activations' p99 was hundreds of milliseconds). Queued here instead, each
/// waiting writer is woken the moment the one before it commits, in arrival order, and holds
/// no pooled connection while it waits. One queue per database file; none for PostgreSQL
/// (row locks), for an in-memory database (one connection, which queues alike) or when
/// `KEYPORT_SQLITE_WRITE_QUEUE=0` (to measure what it does: bench/licensing.sh).
pub(crate) async fn writer_turn(db: &Db) -> Option<tokio::sync::OwnedSemaphorePermit> {
    use std::{
        collections::HashMap,
        path::PathBuf,
        sync::{Arc, LazyLock, Mutex},
    };
    use tokio::sync::Semaphore;
    static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<Semaphore>>>> =
        LazyLock::new(Mutex::default);
    static ENABLED: LazyLock<bool> =
        LazyLock::new(|| std::env::var("KEYPORT_SQLITE_WRITE_QUEUE").map_or(true, |v| v != "0"));
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite || !*ENABLED {
        return None;
    }
    let options = db.get_sqlite_connection_pool().connect_options();
    let file = options.get_filename();
    if file.as_os_str().is_empty() || file == std::path::Path::new(":memory:") {
        return None;
    }
    let queue = QUEUES
        .lock()
        .ok()?
        .entry(file.to_path_buf())
        .or_insert_with(|| Arc::new(Semaphore::new(1)))
        .clone();
    queue.acquire_owned().await.ok()
}

/// Applies every pending migration.
#[instrument(skip_all)]
pub async fn migrate(db: &Db) -> Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Checks the database answers (for `/healthz`).
pub async fn ping(db: &Db) -> Result<()> {
    db.execute_unprepared("SELECT 1").await?;
    Ok(())
}

fn backend_name(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    }
}

/// The file path inside a `sqlite://path?query` URL, when it names a file.
fn sqlite_file(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file("sqlite:///var/lib/k/keyport.db?mode=rwc"),
            Some(Path::new("/var/lib/k/keyport.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(
            sqlite_url(Path::new("/data")),
            "sqlite:///data/keyport.db?mode=rwc"
        );
    }
}
