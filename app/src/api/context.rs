//! Who is asking, and the state to answer with (ssr only).

use crate::{
    AppError,
    state::{AppState, RequestContext},
};
use chrono::{DateTime, Utc};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use service::{Principal, tenancy::AccountInfo};

/// A request that reached a server function or a page.
pub struct Request {
    /// Shared server state.
    pub state: AppState,
    /// What the middleware learned about the request.
    pub ctx: RequestContext,
}

/// A request from a signed-in user.
pub struct SignedIn {
    /// Shared server state.
    pub state: AppState,
    /// What the middleware learned about the request.
    pub ctx: RequestContext,
    /// The user.
    pub principal: Principal,
    /// The vendor account the request was made to.
    pub account: AccountInfo,
}

fn internal(what: &str) -> AppError {
    let request_id = crate::state::current_request_id();
    tracing::error!(request.id = %request_id, "The server was started without {what}.");
    AppError::Internal { request_id }
}

impl SignedIn {
    /// `Forbidden` unless the user holds `p`.
    pub fn require(&self, p: service::permissions::Permission) -> Result<(), AppError> {
        if self.principal.can(p) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The request being handled, with or without a session; `Busy` once the request is over
/// (its client gone or its deadline passed), so abandoned work starts no new queries.
pub fn request() -> Result<Request, AppError> {
    let state = use_context::<AppState>().ok_or_else(|| internal("its AppState"))?;
    let ctx = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestContext>().cloned())
        .ok_or_else(|| internal("its request middleware"))?;
    if ctx.cancel.is_cancelled() {
        return Err(AppError::Busy);
    }
    Ok(Request { state, ctx })
}

/// The request being handled, which must come from a signed-in user.
pub fn signed_in() -> Result<SignedIn, AppError> {
    let Request { state, ctx } = request()?;
    let (Some(principal), Some(account)) = (ctx.principal.clone(), ctx.account.clone()) else {
        return Err(AppError::Unauthorized);
    };
    Ok(SignedIn {
        state,
        ctx,
        principal,
        account,
    })
}

/// Sets (or, with `None`, clears) the session cookie on the response.
pub fn set_session_cookie(state: &AppState, token: Option<(&str, DateTime<Utc>)>) {
    let cookies = &state.cookies;
    let secure = if cookies.secure { "; Secure" } else { "" };
    let value = match token {
        Some((token, expires)) => format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}; Expires={}",
            cookies.name,
            expires.format("%a, %d %b %Y %H:%M:%S GMT")
        ),
        None => format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax{secure}; Max-Age=0",
            cookies.name
        ),
    };
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
