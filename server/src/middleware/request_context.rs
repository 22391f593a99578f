//! Resolves the vendor account and the session of a request.

use crate::router::Settings;
use app::state::RequestContext;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use service::Db;
use std::{net::SocketAddr, sync::Arc};
use tracing::Instrument;

/// The liveness check: the process answers.
pub const HEALTHZ: &str = "/healthz";
/// The readiness check: the database answers too.
pub const READYZ: &str = "/readyz";

/// What the request-context middleware needs.
#[derive(Clone)]
pub struct MiddlewareState {
    /// The database, to resolve accounts and sessions.
    pub db: Db,
    /// Recent `Host` -> account answers.
    pub hosts: Arc<service::tenancy::HostCache>,
    /// Accounts' settings and branding (the same cache as the server functions').
    pub config: Arc<service::config_cache::ConfigCache>,
    /// Tenancy and proxy settings.
    pub settings: Arc<Settings>,
    /// The session cookie's name.
    pub cookie_name: &'static str,
}

/// Puts a [`RequestContext`] into the request's extensions and the request id on the response.
pub async fn request_context(
    State(mw): State<MiddlewareState>,
    mut req: Request,
    next: Next,
) -> Response {
    // Health checks answer from the process alone: no account, no session, no database.
    if matches!(req.uri().path(), HEALTHZ | READYZ) {
        return next.run(req).await;
    }
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let span = tracing::info_span!("request", request.id = %request_id);
    async move {
        // Made by the deadline middleware, which cancels it when the request is over.
        let cancel = req
            .extensions()
            .get::<tokio_util::sync::CancellationToken>()
            .cloned()
            .unwrap_or_default();
        let facts = Facts::of(&req, &mw);
        let ctx = match resolve(&mw, facts, request_id.clone(), cancel).await {
            Ok(ctx) => ctx,
            Err(service::ServiceError::Busy) => return super::deadline::busy(&req),
            Err(err) => {
                tracing::error!(error = %err, "Could not resolve the account or session.");
                let body = app::AppError::Internal {
                    request_id: request_id.clone(),
                };
                return (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    body.to_string(),
                )
                    .into_response();
            }
        };
        req.extensions_mut().insert(ctx);
        let mut res = next.run(req).await;
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            res.headers_mut().insert("x-request-id", v);
        }
        res
    }
    .instrument(span)
    .await
}

/// The facts of a request that resolving needs, copied out so no borrow of the request
/// (whose body is not `Sync`) is held across an `.await`.
struct Facts {
    host: String,
    token: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
}

impl Facts {
    fn of(req: &Request, mw: &MiddlewareState) -> Self {
        let headers = req.headers();
        Facts {
            host: headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .or_else(|| req.uri().host())
                .unwrap_or_default()
                .to_owned(),
            token: cookie(headers, mw.cookie_name),
            ip: client_ip(req, mw.settings.trust_proxy),
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(256).collect()),
        }
    }
}

async fn resolve(
    mw: &MiddlewareState,
    facts: Facts,
    request_id: String,
    cancel: tokio_util::sync::CancellationToken,
) -> Result<RequestContext, service::ServiceError> {
    let account =
        service::tenancy::resolve_cached(&mw.db, &facts.host, &mw.settings.tenancy, &mw.hosts)
            .await?;
    let signed_in = match (&account, &facts.token) {
        (Some(account), Some(token)) => {
            service::auth::session_cached(&mw.db, &mw.config, account.id, token).await?
        }
        _ => None,
    };
    let (principal, unread_notifications, config) = match signed_in {
        Some(s) => (Some(s.principal), s.unread_notifications, Some(s.config)),
        None => (None, None, None),
    };
    Ok(RequestContext {
        request_id,
        account,
        principal,
        unread_notifications,
        config,
        session_token: facts.token.map(Arc::from),
        ip: facts.ip,
        user_agent: facts.user_agent,
        memo: Arc::default(),
        cancel,
    })
}

/// The value of cookie `name`, if the request carries it.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

fn client_ip(req: &Request, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_owned());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; keyport_session=abc123; other=1"),
        );
        assert_eq!(
            cookie(&headers, "keyport_session").as_deref(),
            Some("abc123")
        );
        assert_eq!(cookie(&headers, "__Host-keyport_session"), None);
    }

    #[test]
    fn an_empty_cookie_is_no_session() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("keyport_session="));
        assert_eq!(cookie(&headers, "keyport_session"), None);
    }
}
