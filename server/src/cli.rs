//! The command line: every setting also has an environment variable.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::{net::SocketAddr, path::PathBuf};

/// Keyport: customer portal and licensing server for software vendors.
#[derive(Debug, Parser)]
#[command(name = "keyport", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (runs pending migrations first).
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations and exit.
    Migrate(StoreArgs),
    /// Create the demo vendor account with its customers and licenses (idempotent).
    SeedDemo(SeedArgs),
    /// Grow the demo's Acme Corp to a real vendor's size, for `bench/portal.sh` (after
    /// seed-demo, on a fresh data directory: it adds, it does not replace). Prints what it made
    /// as JSON.
    SeedScale(SeedScaleArgs),
    /// Manage vendor accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Publish and yank product releases.
    #[command(subcommand)]
    Release(ReleaseCommand),
    /// Issue licenses.
    #[command(subcommand)]
    License(LicenseCommand),
    /// Manage products' signing keys.
    #[command(subcommand)]
    Product(ProductCommand),
    /// Check or rebuild the dashboard counters.
    #[command(subcommand)]
    Tallies(TalliesCommand),
}

/// `keyport tallies ...`
#[derive(Debug, Subcommand)]
pub enum TalliesCommand {
    /// Recount every license, activation and unread notification and compare with the
    /// counters the pages read; prints `{"mismatches": [...], "unread_notifications": [...]}`
    /// as JSON and exits non-zero when any counter differs.
    Check(StoreArgs),
    /// Make the dashboard and unread-notification counters again from the rows (after `check`
    /// found a mismatch, or a bulk load); writers wait meanwhile.
    Rebuild(StoreArgs),
}

/// `keyport product ...`
#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Give a product a new signing key: new activations and offline responses are signed
    /// with it, and files signed with the old keys still verify by their key id. Prints the
    /// new key id and public key as JSON.
    RotateKey(ProductRotateArgs),
}

/// Which product's key to rotate.
#[derive(Debug, Args)]
pub struct ProductRotateArgs {
    /// The database and data directory.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Alias of the vendor account.
    #[arg(long)]
    pub account: String,
    /// Product name (or id).
    #[arg(long)]
    pub product: String,
    /// Master key (64 hex characters); without it, the one `seed-demo` generated.
    #[arg(long, env = "KEYPORT_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,
}

/// `keyport license ...`
#[derive(Debug, Subcommand)]
pub enum LicenseCommand {
    /// Issue a license; prints its id, key, product id and the product's public key as JSON.
    Create(LicenseCreateArgs),
}

/// Terms of a new license.
#[derive(Debug, Args)]
pub struct LicenseCreateArgs {
    /// The database and data directory.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Alias of the vendor account.
    #[arg(long)]
    pub account: String,
    /// The product, by name or id.
    #[arg(long)]
    pub product: String,
    /// Owning organization, by name or id.
    #[arg(long)]
    pub organization: Option<String>,
    /// User the license is assigned to, by email.
    #[arg(long)]
    pub owner_email: Option<String>,
    /// Seat limit (omit for unlimited).
    #[arg(long)]
    pub allowed_activations: Option<i64>,
    /// Deactivation limit (omit for unlimited).
    #[arg(long)]
    pub allowed_deactivations: Option<i64>,
    /// End of the license, `YYYY-MM-DD` (UTC midnight).
    #[arg(long)]
    pub expires: Option<chrono::NaiveDate>,
    /// End of maintenance, `YYYY-MM-DD`.
    #[arg(long)]
    pub maintenance_expires: Option<chrono::NaiveDate>,
    /// Allow offline activation.
    #[arg(long, default_value_t = false)]
    pub offline: bool,
    /// Offline lease (validity of a response), in days.
    #[arg(long)]
    pub lease_days: Option<i64>,
    /// Metadata, `key=value`, repeatable.
    #[arg(long = "meta", value_parser = parse_meta)]
    pub metadata: Vec<(String, String)>,
}

fn parse_meta(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| "metadata is key=value".to_owned())
}

/// Where Keyport keeps its data.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Directory for the SQLite database, the generated master key and other files.
    #[arg(long, env = "KEYPORT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL (`postgres://...` or `sqlite://...`); default: SQLite in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

/// Settings of `keyport serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database and data directory.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on.
    #[arg(long, env = "KEYPORT_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Directory with the built site (the `pkg/` WASM bundle, CSS and public files).
    #[arg(long, env = "KEYPORT_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// The URL customers use; `https://` turns on `Secure` `__Host-` cookies.
    #[arg(
        long,
        env = "KEYPORT_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_url: String,
    /// Base domain for `{alias}.{base domain}` account hosts, e.g. `portal.example.com`.
    #[arg(long, env = "KEYPORT_BASE_DOMAIN")]
    pub base_domain: Option<String>,
    /// Alias of the account that serves any other host (single-vendor deployments, localhost).
    #[arg(long, env = "KEYPORT_DEFAULT_ACCOUNT")]
    pub default_account: Option<String>,
    /// Master key (64 hex characters) that encrypts product signing keys at rest.
    /// Without it, the key generated by `seed-demo` in the data directory is used.
    #[arg(long, env = "KEYPORT_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,
    /// How many password hashes may run at once (each takes 19 MiB and ~25 ms of a core).
    #[arg(long, env = "KEYPORT_HASHING_CONCURRENCY", default_value_t = 2)]
    pub hashing_concurrency: usize,
    /// SMTP server for outgoing mail, `smtp://[user:password@]host[:port]` (plain SMTP, no
    /// TLS). Without it emails stay in the outbox, readable by vendor staff at /vendor/outbox.
    #[arg(long, env = "KEYPORT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail, e.g. `Acme Portal <no-reply@acme.example>`.
    #[arg(
        long,
        env = "KEYPORT_MAIL_FROM",
        default_value = "Keyport <no-reply@localhost.localdomain>"
    )]
    pub mail_from: String,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a proxy).
    #[arg(long, env = "KEYPORT_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Licensing API: sustained requests per second from one client IP (burst: 4 s worth).
    #[arg(long, env = "KEYPORT_API_RATE_PER_IP", default_value_t = 50)]
    pub api_rate_per_ip: u32,
    /// Licensing API: sustained requests per second for one license key (burst: 4 s worth).
    #[arg(long, env = "KEYPORT_API_RATE_PER_KEY", default_value_t = 5)]
    pub api_rate_per_key: u32,
    /// Set `TCP_NODELAY` on accepted connections (off only to measure what it saves:
    /// `bench/serving.sh`).
    #[arg(long, env = "KEYPORT_TCP_NODELAY", default_value_t = true, action = clap::ArgAction::Set)]
    pub tcp_nodelay: bool,
    /// Seconds a request may take to answer (release uploads excepted) before it is ended
    /// with a 503 error page and its unfinished work is dropped.
    #[arg(long, env = "KEYPORT_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Seconds a query waits for a free database connection before the request gets 503
    /// and `Retry-After` (the pool is saturated) instead of queueing on.
    #[arg(long, env = "KEYPORT_DB_ACQUIRE_TIMEOUT", default_value_t = 5)]
    pub db_acquire_timeout: u64,
    /// Seconds a `Host` -> vendor account answer is kept in memory (0: resolved by a query on
    /// every request). Changes made by this server apply at once; changes made by another
    /// process (a second server, the CLI) after at most this long.
    #[arg(long, env = "KEYPORT_HOST_CACHE_SECS", default_value_t = 5)]
    pub host_cache_secs: u64,
    /// Count every SQL statement and serve the total at `GET /__keyport/statements`, for
    /// benchmarks (`bench/portal.sh` divides the difference by its requests). Off in
    /// production: the number says how busy the server is.
    #[arg(long, env = "KEYPORT_COUNT_STATEMENTS", default_value_t = false)]
    pub count_statements: bool,
}

/// `keyport account ...`
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create a vendor account.
    Create {
        /// The database and data directory.
        #[command(flatten)]
        store: StoreArgs,
        /// The vendor's name, shown as the portal name.
        #[arg(long)]
        name: String,
        /// Short id used in `{alias}.{base domain}` hosts.
        #[arg(long)]
        alias: String,
        /// A custom domain that serves this account.
        #[arg(long)]
        custom_domain: Option<String>,
    },
}

/// The kind of user to create.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UserRole {
    /// Vendor staff: everything.
    VendorAdmin,
    /// Vendor staff: read all, no settings.
    VendorSupport,
    /// Customer: organization admin.
    Owner,
    /// Customer: billing.
    Accountant,
    /// Customer: licenses and machines.
    OperationsManager,
    /// Customer: licenses assigned to them.
    Member,
    /// Customer: read-only.
    Viewer,
}

/// `keyport user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a vendor staff or customer user; the password is read from KEYPORT_NEW_PASSWORD.
    Create {
        /// The database and data directory.
        #[command(flatten)]
        store: StoreArgs,
        /// Alias of the vendor account.
        #[arg(long)]
        account: String,
        /// Sign-in email.
        #[arg(long)]
        email: String,
        /// Given name.
        #[arg(long)]
        first_name: String,
        /// Family name.
        #[arg(long)]
        last_name: String,
        /// Role.
        #[arg(long, value_enum)]
        role: UserRole,
        /// Organization id, for customers in an organization.
        #[arg(long)]
        organization: Option<uuid::Uuid>,
        /// The password (taken from the environment so it stays out of shell history).
        #[arg(long, env = "KEYPORT_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

/// `keyport seed-scale`.
#[derive(Debug, Clone, Args)]
pub struct SeedScaleArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Licenses added to Acme Corp.
    #[arg(long, default_value_t = 100_000)]
    pub licenses: usize,
    /// Live activations, spread evenly over those licenses.
    #[arg(long, default_value_t = 1_000_000)]
    pub activations: usize,
    /// Machines of one more license (its page lists them).
    #[arg(long, default_value_t = 1_000)]
    pub machines_on_one: usize,
    /// Member users added to Acme Corp (password `keyport-demo`).
    #[arg(long, default_value_t = 5_000)]
    pub users: usize,
}

/// `keyport seed-demo`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub storage: StorageArgs,
}

/// Where release files are stored, and how large an upload may be.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Directory for release files (default: `<data dir>/files`); ignored when `KEYPORT_S3_BUCKET` is set.
    #[arg(long, env = "KEYPORT_STORAGE_DIR")]
    pub storage_dir: Option<PathBuf>,
    /// Largest accepted release file, in bytes (default 8 GiB).
    #[arg(long, env = "KEYPORT_UPLOAD_MAX_BYTES", default_value_t = 8 << 30)]
    pub upload_max_bytes: u64,
    /// S3-compatible bucket for release files (needs a build with the `s3` feature).
    #[arg(long, env = "KEYPORT_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    /// S3 region.
    #[arg(long, env = "KEYPORT_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,
    /// S3 endpoint URL, for S3-compatible servers (MinIO, R2, ...).
    #[arg(long, env = "KEYPORT_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    /// S3 access key id.
    #[arg(long, env = "KEYPORT_S3_ACCESS_KEY_ID")]
    pub s3_access_key_id: Option<String>,
    /// S3 secret access key.
    #[arg(long, env = "KEYPORT_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,
}

/// `keyport release ...`.
#[derive(Debug, Subcommand)]
pub enum ReleaseCommand {
    /// Create a release, stream its files to storage and publish it (all or nothing).
    Publish(Box<PublishArgs>),
    /// Withdraw a release: hidden from lists, never downloadable again.
    Yank {
        #[command(flatten)]
        store: StoreArgs,
        /// Vendor account alias.
        #[arg(long)]
        account: String,
        /// Release id.
        #[arg(long)]
        id: uuid::Uuid,
    },
}

/// `keyport release publish`.
#[derive(Debug, Clone, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Vendor account alias.
    #[arg(long)]
    pub account: String,
    /// Product name or id.
    #[arg(long)]
    pub product: String,
    /// Semantic version (2.4.1, 3.0.0-beta.1).
    #[arg(long)]
    pub version: String,
    /// Channel.
    #[arg(long, default_value = "stable")]
    pub channel: String,
    /// Platform (windows, macos, linux, ...).
    #[arg(long)]
    pub platform: String,
    /// Architecture (x86_64, aarch64, ...).
    #[arg(long)]
    pub arch: String,
    /// Markdown file with the release notes.
    #[arg(long)]
    pub notes: Option<PathBuf>,
    /// Files to publish (downloaded under their base names).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap checks the whole command definition (names, conflicts, env vars) at once.
    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
