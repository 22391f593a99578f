//! The axum router: pages, server functions, static files, health check, and the
//! middleware every request passes through.

use crate::middleware::{self, MiddlewareState};
use app::{App, shell, state::AppState};
use axum::{Router, extract::State, http::StatusCode, routing::get};
use leptos_axum::{LeptosRoutes, generate_route_list};
use service::tenancy::TenancyConfig;
use std::sync::Arc;
use tower_http::{limit::RequestBodyLimitLayer, trace::TraceLayer};

/// Request bodies larger than this are refused with 413 (DESIGN.md section 9).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Settings the middleware needs besides the app state.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How a request's `Host` names its vendor account.
    pub tenancy: TenancyConfig,
    /// Whether to trust `X-Forwarded-For` for the client address.
    pub trust_proxy: bool,
    /// Rate limits of the licensing API.
    pub api_rates: crate::api_v1::RateSettings,
    /// Release file storage and the upload cap.
    pub releases: ReleaseSettings,
    /// How long any request but a release upload may take to answer.
    pub request_timeout: std::time::Duration,
    /// How long a `Host` -> account answer is kept (`service::tenancy::HostCache`).
    pub host_cache: std::time::Duration,
}

/// Release storage settings.
#[derive(Clone, Debug)]
pub struct ReleaseSettings {
    /// Where release files are.
    pub store: service::releases::storage::ReleaseStore,
    /// Largest accepted upload, in bytes.
    pub upload_max_bytes: u64,
}

/// The whole application as one `Router`, used by `keyport serve` and by the tests.
pub fn build(state: AppState, settings: Settings) -> Router {
    let routes = route_list();
    let request_timeout = settings.request_timeout;
    let https = state.public_url.starts_with("https://");
    let api = crate::api_v1::router(settings.api_rates);
    let options = state.leptos_options.clone();
    let bundle = crate::bundle::routes(&options.site_root);
    let releases = crate::downloads::Releases {
        db: state.db.clone(),
        store: settings.releases.store.clone(),
        upload_max_bytes: settings.releases.upload_max_bytes,
        link_key: Arc::new(service::releases::signed::LinkKey::from_master(
            &state.master_key,
        )),
    };
    let mw = MiddlewareState {
        hosts: Arc::new(service::tenancy::HostCache::new(settings.host_cache)),
        config: state.config.clone(),
        db: state.db.clone(),
        settings: Arc::new(settings),
        cookie_name: state.cookies.name,
    };
    // Pages and server functions take small bodies; release uploads stream up to their own
    // cap, offline uploads (256 KiB) and logo uploads (just above 512 KiB) have theirs, so the
    // body limit wraps only the Leptos part.
    let pages = Router::new()
        .route(middleware::HEALTHZ, get(healthz))
        .route(middleware::READYZ, get(readyz))
        .merge(api)
        .merge(crate::audit_export::routes())
        .merge(crate::csp_report::routes())
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    // Layers run outside-in in the reverse order of these calls: trace, security headers,
    // signed URL messages, the deadline, request context (id, account, session), origin
    // check, then the server-function guard.
    Router::new()
        .merge(crate::downloads::routes(releases.clone()))
        .merge(crate::release_upload::routes(releases))
        .merge(crate::offline_upload::router())
        .merge(crate::branding_logo::routes())
        .merge(bundle)
        .merge(pages)
        .layer(axum::middleware::from_fn(middleware::rpc_guard))
        .layer(axum::middleware::from_fn(middleware::origin_check))
        .layer(axum::middleware::from_fn_with_state(
            mw,
            middleware::request_context,
        ))
        .layer(axum::middleware::from_fn_with_state(
            request_timeout,
            middleware::deadline,
        ))
        .layer(axum::middleware::from_fn_with_state(
            middleware::FlashKey::from_master(&state.master_key),
            middleware::flash,
        ))
        .layer(axum::middleware::from_fn_with_state(
            https,
            middleware::security_headers,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(middleware::trace_span))
        .with_state(state)
}

/// The app's routes, listed once per process.
///
/// Listing them renders the app with resource loading suppressed through a process-global
/// flag (`leptos_server::SuppressResourceLoad`): a resource that any other thread first polls
/// while that flag is up waits forever, and so does the page that reads it
/// (leptos-rs/leptos#4773). The test process builds a router per test while other tests
/// render pages, which is how pages came to stall; listing the routes once, before any
/// router exists to render a page, closes that window for good.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Liveness: 200 whenever the process answers, whatever the load (no database, no session).
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: 200 when the database answers within two seconds, 503 otherwise.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        service::db::ping(&state.db),
    );
    match ping.await {
        Ok(Ok(())) => (StatusCode::OK, "ok"),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "The readiness check could not reach the database.");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("The readiness check found every database connection busy.");
            (StatusCode::SERVICE_UNAVAILABLE, "database busy")
        }
    }
}
