//! The security headers of a server-rendered page: a Content-Security-Policy built on this
//! render's nonce (every script Leptos writes carries it) and framing rules. Set while the
//! server renders the page; nothing in the browser.

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "ssr")]
mod server;

#[cfg(feature = "hydrate")]
pub use browser::nonce;
#[cfg(feature = "ssr")]
pub use server::{nonce, page_headers};

/// Sets the page's security headers on the server; nothing in the browser.
#[cfg(not(feature = "ssr"))]
pub fn page_headers() {}

/// Where browsers report what the policy refused (`POST`, logged by the server).
pub const REPORT_PATH: &str = "/csp-report";

/// The policy of a page rendered with `nonce`. `frame_ancestors` is `'none'`, or `'self'` for
/// the branding preview's panes, which the branding page frames.
pub fn policy(nonce: &str, frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; \
         object-src 'none'; \
         base-uri 'none'; \
         form-action 'self'; \
         frame-ancestors {frame_ancestors}; \
         report-uri {REPORT_PATH}"
    )
}
