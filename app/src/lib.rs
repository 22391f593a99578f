//! Keyport's user interface and server functions.
//!
//! The same crate is compiled twice: with `ssr` into the `keyport` server, where server
//! functions run against `service`, and with `hydrate` into the WASM bundle, where they are
//! HTTP calls. The two features are never on in one build.

// The signed-in frame's view type (header, two-level navigation, page) nests deeper than the
// compiler's default of 128 when the server resolves it.
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod dto;
pub mod error;
pub mod escape;
pub mod page_data;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod preload;
mod routes;
pub mod security;
#[cfg(feature = "ssr")]
pub mod state;
pub mod status;
pub mod time;

pub use app::{App, shell};
pub use error::{AppError, FieldError};
