//! Setting the HTTP status of a server-rendered page.

#[cfg(feature = "ssr")]
mod server;

/// Sets the status code of the page being rendered on the server; nothing in the browser.
#[cfg(feature = "ssr")]
pub use server::set;

/// Sets the status code of the page being rendered on the server; nothing in the browser.
#[cfg(not(feature = "ssr"))]
pub fn set(_status: u16) {}
