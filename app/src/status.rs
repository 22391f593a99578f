//! Setting the HTTP status of a server-rendered page.

#[cfg(feature = "ssr")]
mod server;

/// Sets the status code of the page being rendered on the server; nothing in the browser.
#[cfg(feature = "ssr")]
pub use server::{busy, set};

/// Seconds a client is told to wait (`Retry-After`) when the server is busy.
pub const RETRY_AFTER_BUSY_SECS: u64 = 5;

/// Sets the status code of the page being rendered on the server; nothing in the browser.
#[cfg(not(feature = "ssr"))]
pub fn set(_status: u16) {}

/// Answers the page being rendered with 503 and `Retry-After`; nothing in the browser.
#[cfg(not(feature = "ssr"))]
pub fn busy() {}
