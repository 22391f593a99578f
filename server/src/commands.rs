//! One module per subcommand.

mod account;
mod license;
mod product;
pub mod release;
mod seed_demo;
mod seed_scale;
mod serve;
mod tallies;
mod user;

use crate::cli::{Cli, Command, StoreArgs};
use service::Db;

/// Why a command failed, in words for the operator.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A `service` error (bad input, database unreachable, ...).
    #[error("{0}")]
    Service(#[from] service::ServiceError),
    /// Bad configuration.
    #[error("{0}")]
    Config(String),
    /// Listening or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A check found something wrong (already reported on standard output).
    #[error("{0}")]
    Check(String),
}

/// Runs one command line.
pub async fn run(cli: Cli) -> Result<(), CommandError> {
    match cli.command {
        Command::Serve(args) => serve::run(*args).await,
        Command::Migrate(store) => {
            let db = open(&store).await?;
            service::db::migrate(&db).await?;
            println!("Migrations applied.");
            Ok(())
        }
        Command::SeedDemo(args) => seed_demo::run(args).await,
        Command::SeedScale(args) => seed_scale::run(args).await,
        Command::Account(cmd) => account::run(cmd).await,
        Command::User(cmd) => user::run(cmd).await,
        Command::Release(cmd) => release::run(cmd).await,
        Command::License(cmd) => license::run(cmd).await,
        Command::Product(cmd) => product::run(cmd).await,
        Command::Tallies(cmd) => tallies::run(cmd).await,
    }
}

/// The configured database (SQLite in the data directory by default).
fn database_url(store: &StoreArgs) -> String {
    match &store.database_url {
        Some(url) => url.clone(),
        None => service::db::sqlite_url(&store.data_dir),
    }
}

/// Connects to the configured database.
pub(crate) async fn open(store: &StoreArgs) -> Result<Db, CommandError> {
    Ok(service::db::connect(&database_url(store)).await?)
}

/// Connects with the given wait for a pooled connection, and applies pending migrations.
pub(crate) async fn open_serving(
    store: &StoreArgs,
    acquire_timeout: std::time::Duration,
) -> Result<Db, CommandError> {
    let db = service::db::connect_with(&database_url(store), acquire_timeout).await?;
    service::db::migrate(&db).await?;
    Ok(db)
}

/// Connects and applies pending migrations.
pub(crate) async fn open_migrated(store: &StoreArgs) -> Result<Db, CommandError> {
    let db = open(store).await?;
    service::db::migrate(&db).await?;
    Ok(db)
}

/// The vendor account with `alias`, or a sentence for the operator.
pub(crate) async fn account_named(
    db: &Db,
    alias: &str,
) -> Result<service::tenancy::AccountInfo, CommandError> {
    service::accounts::find_account(db, alias)
        .await?
        .ok_or_else(|| CommandError::Config(format!("No account with alias {alias:?}.")))
}

/// The account's product named `name` (or with that id), or a sentence for the operator.
pub(crate) async fn product_named(
    db: &Db,
    account_id: uuid::Uuid,
    name: &str,
) -> Result<service::entities::product::Model, CommandError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use service::entities::product;

    product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .all(db)
        .await
        .map_err(service::ServiceError::from)?
        .into_iter()
        .find(|p| p.name == name || p.id.to_string() == name)
        .ok_or_else(|| CommandError::Config(format!("No product named {name:?} in this account.")))
}
