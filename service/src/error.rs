//! The service's error: what callers map to `AppError` (and to HTTP statuses).

use sea_orm::{ConnAcquireErr, DbErr, SqlErr};

/// One message about one input field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input's name, as the form calls it (`email`, `current_password`, `q`).
    pub field: String,
    /// A sentence for the user.
    pub message: String,
}

impl FieldError {
    /// A field error from anything string-like.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Everything a service call can fail with.
///
/// `Db` and `Internal` carry details for the log only: callers show "something went wrong".
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Not found, and also "exists but is not visible to you", so ids cannot be probed.
    #[error("not found")]
    NotFound,
    /// No or expired session, or wrong credentials (one message for every cause).
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but the role or permission does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// Bad input, one message per field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// Unique violations and state conflicts, as field errors.
    #[error("conflict: {0:?}")]
    Conflict(Vec<FieldError>),
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited {
        /// Seconds until the next attempt can succeed (always > 0).
        retry_after_secs: u64,
    },
    /// At capacity: the password-hashing queue is full, or no database connection came free
    /// within the pool's acquire timeout. Answer 503 rather than queue without bound.
    #[error("busy")]
    Busy,
    /// A database error; internal, never shown to users.
    #[error("database error: {0}")]
    Db(DbErr),
    /// Any other internal failure; never shown to users.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// `Invalid` with a single field error.
    pub fn invalid(field: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    /// `Conflict` with a single field error.
    pub fn conflict(field: &str, message: &str) -> Self {
        Self::Conflict(vec![FieldError::new(field, message)])
    }
}

impl From<DbErr> for ServiceError {
    fn from(e: DbErr) -> Self {
        match e {
            // Every connection busy for the whole acquire timeout: the server is saturated,
            // which the caller answers with 503 and Retry-After, not "something went wrong".
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => ServiceError::Busy,
            e => ServiceError::Db(e),
        }
    }
}

/// The service's result type.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Turns a unique-constraint violation into a field error; any other error passes through.
pub trait ResultExt<T> {
    /// Maps a unique violation to `Conflict[{field, message}]`.
    fn on_unique(self, field: &str, message: &str) -> Result<T>;
}

impl<T> ResultExt<T> for std::result::Result<T, DbErr> {
    fn on_unique(self, field: &str, message: &str) -> Result<T> {
        self.map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::conflict(field, message),
            _ => ServiceError::from(e),
        })
    }
}
