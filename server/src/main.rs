//! `keyport`: the server binary and its command line.

use clap::Parser;
use server::{cli::Cli, commands};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc's allocator: a page render allocates and frees thousands of
/// small strings, which glibc's per-thread arenas both spent CPU on and kept pages for
/// (bench/portal.sh, issue 13).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    match commands::run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("keyport: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
