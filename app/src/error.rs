//! The one error type that crosses the wire.
//!
//! Every server function returns `Result<_, AppError>`. Messages are written for the person
//! in front of the screen; internal causes (database errors, I/O) never leave the server:
//! they become [`AppError::Internal`] with a request id, and the cause is logged once where
//! it is turned into that (see `error/from_service.rs`).

use serde::{Deserialize, Serialize};
use server_fn_codec::{FromServerFnError, ServerFnErrorErr, codec::JsonEncoding};
use std::fmt;

#[cfg(feature = "ssr")]
mod from_service;

mod server_fn_codec {
    pub use leptos::server_fn::{
        codec,
        error::{FromServerFnError, ServerFnErrorErr},
    };
}

/// A problem with one input field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, e.g. `email`.
    pub field: String,
    /// A sentence for the user, e.g. "This email is already in use."
    pub message: String,
}

/// Why a request failed, in terms safe to show to its sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the user must sign in.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// The email or password did not match. One message for both, on purpose.
    #[error("The email or password is not correct.")]
    InvalidCredentials,
    /// Signed in, but not allowed to do this.
    #[error("You do not have permission to do that.")]
    Forbidden,
    /// Does not exist, or is not visible to this user: the two are indistinguishable.
    #[error("Not found.")]
    NotFound,
    /// The input is well-formed but clashes with existing data.
    #[error("{}", first_message(.0))]
    Conflict(Vec<FieldError>),
    /// The input is not acceptable; one message per field.
    #[error("{}", first_message(.0))]
    Invalid(Vec<FieldError>),
    /// Too many attempts; try again later.
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: u64,
    },
    /// The server is at capacity for this kind of work (password hashing).
    #[error("The server is busy. Try again in a moment.")]
    Busy,
    /// The request was refused before it reached the function (cross-site, bad encoding).
    #[error("The request could not be processed: {0}")]
    BadRequest(String),
    /// Something failed inside the server; the request id finds the log entry.
    #[error("Something went wrong. If it keeps happening, quote request id {request_id}.")]
    Internal {
        /// The id of the failed request, also in the server's log.
        request_id: String,
    },
}

fn first_message(errors: &[FieldError]) -> String {
    errors
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_else(|| "The input is not valid.".to_owned())
}

impl AppError {
    /// The message for one field, if this error names it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) | AppError::Conflict(errors) => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) => 422,
            AppError::RateLimited { .. } => 429,
            AppError::Busy => 503,
            AppError::BadRequest(_) => 400,
            AppError::Internal { .. } => 500,
        }
    }

    /// Seconds the client should wait before trying again (`Retry-After`), for the errors
    /// that have one.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            AppError::Busy => Some(crate::status::RETRY_AFTER_BUSY_SECS),
            _ => None,
        }
    }

    /// One invalid field.
    pub fn invalid(field: &str, message: impl fmt::Display) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.to_string(),
        }])
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // These come from the transport: a request the server could not decode, or (in the
        // browser) a network failure. Their text names no internals of ours.
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::BadRequest(msg)
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::BadRequest(
                "the server could not be reached; check your connection".into(),
            ),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}
