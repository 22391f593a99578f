//! `keyport serve`: migrations, then the web server until Ctrl-C or SIGTERM.

use super::{CommandError, open_serving};
use crate::{
    cli::ServeArgs,
    mail_worker::{self, Mailer},
    master_key, router,
};
use app::state::{AppState, CookieConfig};
use axum::serve::{ListenerExt, TapIo};
use leptos::prelude::LeptosOptions;
use service::{Passwords, tenancy::TenancyConfig};
use std::net::SocketAddr;
use tokio::net::{TcpListener, TcpStream};

/// Statements run since start-up, counted only with `--count-statements` (`bench/portal.sh`).
const STATEMENTS_PATH: &str = "/__keyport/statements";

static STATEMENTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub async fn run(args: ServeArgs) -> Result<(), CommandError> {
    let mut db = open_serving(
        &args.store,
        std::time::Duration::from_secs(args.db_acquire_timeout.max(1)),
    )
    .await?;
    if args.count_statements {
        db.set_metric_callback(|_| {
            STATEMENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
    }
    // Checked at start-up so a misconfigured server fails now, not at the first product.
    let master_key = master_key::load(args.master_key.as_deref(), &args.store.data_dir)?;
    let leptos_options = LeptosOptions::builder()
        .output_name("keyport")
        .site_root(args.site_root.as_str())
        .site_pkg_dir(crate::bundle::pkg_dir(&args.site_root))
        .site_addr(args.addr)
        .build();
    let split_modules =
        app::preload::SplitModules::load(&leptos_options.site_root, &leptos_options.site_pkg_dir)
            .map_err(CommandError::Config)?;
    match args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => {
            let mailer = Mailer::new(url, &args.mail_from).map_err(CommandError::Config)?;
            mail_worker::spawn(db.clone(), mailer);
            tracing::info!("The mail worker delivers the outbox over SMTP.");
        }
        None => tracing::info!(
            "No KEYPORT_SMTP_URL: emails stay in the outbox (vendor staff read them at /vendor/outbox)."
        ),
    }
    crate::expiry_task::spawn(db.clone());
    let tenancy = TenancyConfig {
        base_domain: args.base_domain.clone(),
        default_account: args.default_account.clone(),
    };
    let public_url: std::sync::Arc<str> = args.public_url.trim_end_matches('/').into();
    crate::domain_task::spawn(db.clone(), tenancy.clone(), public_url.clone());
    let state = AppState {
        db,
        passwords: Passwords::new(args.hashing_concurrency.max(1)),
        leptos_options,
        cookies: CookieConfig::new(args.public_url.starts_with("https://")),
        master_key: std::sync::Arc::new(master_key),
        public_url,
        tenancy: tenancy.clone(),
        config: std::sync::Arc::default(),
        split_modules: std::sync::Arc::new(split_modules),
    };
    let settings = router::Settings {
        tenancy,
        trust_proxy: args.trust_proxy,
        releases: router::ReleaseSettings {
            store: super::release::open_store(&args.storage, &args.store.data_dir)?,
            upload_max_bytes: args.storage.upload_max_bytes,
        },
        api_rates: crate::api_v1::RateSettings {
            per_ip_per_sec: args.api_rate_per_ip,
            per_key_per_sec: args.api_rate_per_key,
        },
        request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
        host_cache: std::time::Duration::from_secs(args.host_cache_secs),
    };
    let mut app = router::build(state, settings);
    if args.count_statements {
        // Not a metric for production: a benchmark divides the difference by its requests.
        tracing::warn!("Counting SQL statements at {STATEMENTS_PATH} (--count-statements).");
        app = app.route(
            STATEMENTS_PATH,
            axum::routing::get(|| async {
                STATEMENTS
                    .load(std::sync::atomic::Ordering::Relaxed)
                    .to_string()
            }),
        );
    }
    let listener = listen(args.addr, args.tcp_nodelay).await?;
    tracing::info!(addr = %args.addr, "Keyport is listening on http://{}.", args.addr);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

/// The listening socket, setting `TCP_NODELAY` on every accepted connection.
///
/// With Nagle's algorithm on, a small write made while the previous one is unacknowledged
/// waits for the client's delayed ACK (about 40 ms on Linux): reused keep-alive connections
/// once showed a p90 near 48 ms on `/licenses`. `bench/serving.sh` compares both settings.
pub async fn listen(
    addr: SocketAddr,
    nodelay: bool,
) -> std::io::Result<TapIo<TcpListener, fn(&mut TcpStream)>> {
    let listener = TcpListener::bind(addr).await?;
    let tap: fn(&mut TcpStream) = if nodelay { set_nodelay } else { |_| {} };
    Ok(listener.tap_io(tap))
}

fn set_nodelay(stream: &mut TcpStream) {
    if let Err(err) = stream.set_nodelay(true) {
        tracing::warn!(error = %err, "Could not set TCP_NODELAY on a connection.");
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("Shutting down.");
}

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    #[tokio::test]
    async fn every_accepted_connection_has_nodelay() {
        let mut listener = super::listen(([127, 0, 0, 1], 0).into(), true)
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let client = tokio::net::TcpStream::connect(addr);
        let ((stream, _), client) = tokio::join!(listener.accept(), client);
        client.expect("connect");
        assert!(stream.nodelay().expect("nodelay"), "TCP_NODELAY is off");
    }
}
