//! The browser bundle under `/pkg`: the WASM modules, their JavaScript and the stylesheet, as
//! `scripts/build.sh` installs them. Each build is in `pkg/<build id>/` (a hash of its files)
//! and `pkg/current` names the newest, so a build's addresses never serve other content:
//! they are cached for a year as immutable, and a page opened before a deploy still loads its
//! own route modules (the build script keeps the last few builds). Files go out precompressed
//! (`.br`, `.gz` beside each) when the browser accepts it.

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use std::path::Path;
use tower_http::services::ServeDir;

/// A versioned file: the same address never changes content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The `site_pkg_dir` Leptos writes into every page: `pkg/<build id>` of the build named by
/// `<site_root>/pkg/current`, or `pkg` when there is none (a server without a built bundle,
/// as in the Rust tests: pages render, nothing hydrates).
pub fn pkg_dir(site_root: &str) -> String {
    let pkg = Path::new(site_root).join("pkg");
    let current = std::fs::read_to_string(pkg.join("current")).unwrap_or_default();
    let id = current.trim();
    let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit());
    if valid && pkg.join(id).is_dir() {
        tracing::info!(build = id, "Serving the browser bundle of build {id}.");
        format!("pkg/{id}")
    } else {
        tracing::warn!(
            site_root,
            "No built browser bundle (pkg/current): pages are served without WASM. Run scripts/build.sh."
        );
        "pkg".to_owned()
    }
}

/// `/pkg/...` from `<site_root>/pkg`.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let files = ServeDir::new(Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let pkg = Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers));
    Router::new().nest_service("/pkg", pkg)
}

/// `Cache-Control` by address (inside a build's directory: immutable; the fixed-address
/// stylesheet of the server's own error pages: revalidated), and `Vary: Accept-Encoding`,
/// since the same address answers gzip, brotli or plain.
async fn cache_headers(request: Request, next: Next) -> Response {
    // Nested under /pkg: "/<build id>/keyport.js" is versioned, "/keyport.css" is not.
    let versioned = request.uri().path().trim_start_matches('/').contains('/');
    let mut response = next.run(request).await;
    let status = response.status();
    if status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if versioned { IMMUTABLE } else { "no-cache" }),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}
