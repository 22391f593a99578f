//! Server-side state handed to server functions and SSR (ssr only).

use leptos::prelude::{LeptosOptions, use_context};
use service::{
    Db, Passwords, Principal,
    crypto::MasterKey,
    tenancy::{AccountInfo, TenancyConfig},
};
use std::sync::Arc;

/// What every request handler may use: built once at start-up by the `keyport` server.
#[derive(Clone)]
pub struct AppState {
    /// The database (SQLite file or PostgreSQL).
    pub db: Db,
    /// Password hashing, bounded by a semaphore.
    pub passwords: Passwords,
    /// Leptos' own settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// Cookie settings derived from the public URL.
    pub cookies: CookieConfig,
    /// Opens product signing keys to sign offline responses and API answers.
    pub master_key: Arc<MasterKey>,
    /// `KEYPORT_PUBLIC_URL` without a trailing slash: links in emails are built from it and
    /// the account's own host ([`AppState::portal_url`]), never from the request's `Host`.
    pub public_url: Arc<str>,
    /// How hosts map to accounts (the base domain), for accounts' own hosts.
    pub tenancy: TenancyConfig,
    /// Accounts' portal settings and branding, checked against their version on each use.
    pub config: Arc<service::config_cache::ConfigCache>,
    /// The WASM modules each lazy route needs, which its page preloads (`preload.rs`).
    pub split_modules: Arc<crate::preload::SplitModules>,
}

impl AppState {
    /// The settings and branding of the request's account: the session's copy when signed
    /// in, else the cache's after one look at the account's version.
    pub async fn account_config(
        &self,
        ctx: &RequestContext,
        account_id: uuid::Uuid,
    ) -> Result<Arc<service::config_cache::AccountConfig>, service::ServiceError> {
        match &ctx.config {
            Some(config) => Ok(config.clone()),
            None => ctx
                .memo
                .config
                .get_or_try_init(|| {
                    service::config_cache::config(&self.db, &self.config, account_id, None)
                })
                .await
                .cloned(),
        }
    }

    /// The base of every link to `account`'s portal, emails included: its checked custom
    /// domain, else `{alias}.{base domain}`, else the public URL.
    pub fn portal_url(&self, account: &AccountInfo) -> String {
        service::tenancy::portal_url(account, &self.tenancy, &self.public_url)
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// How the session cookie is written.
#[derive(Clone, Debug)]
pub struct CookieConfig {
    /// `__Host-keyport_session` over HTTPS, `keyport_session` on plain-HTTP localhost.
    pub name: &'static str,
    /// Whether to add `Secure`; true whenever the public URL is HTTPS.
    pub secure: bool,
}

impl CookieConfig {
    /// Cookie settings for a deployment reached at `https` (true) or plain-HTTP localhost.
    pub fn new(https: bool) -> Self {
        if https {
            CookieConfig {
                name: "__Host-keyport_session",
                secure: true,
            }
        } else {
            CookieConfig {
                name: "keyport_session",
                secure: false,
            }
        }
    }
}

/// What the server learned about a request before any handler ran: put into the request's
/// extensions by the server's middleware, read by server functions and pages.
#[derive(Clone)]
pub struct RequestContext {
    /// Random id, logged with every line of this request and shown with internal errors.
    pub request_id: String,
    /// The vendor account resolved from the `Host` header, if any.
    pub account: Option<AccountInfo>,
    /// The signed-in user, if the session cookie is valid for this account.
    pub principal: Option<Principal>,
    /// The signed-in user's unread notifications, read with the session (None when signed
    /// out, or when staff view the portal as a customer).
    pub unread_notifications: Option<i64>,
    /// The account's settings and branding as of the session's read (None when signed out:
    /// [`AppState::account_config`] reads them).
    pub config: Option<Arc<service::config_cache::AccountConfig>>,
    /// The raw session token from the cookie (kept to rotate or end the session).
    pub session_token: Option<Arc<str>>,
    /// The client's address, for audit and throttling.
    pub ip: Option<String>,
    /// The client's `User-Agent`, for the session list.
    pub user_agent: Option<String>,
    /// What the server functions of this request have read once for all of them.
    pub memo: Arc<RequestMemo>,
    /// Cancelled when the request is over: answered, past its deadline, or dropped because
    /// the client went away. Server functions check it before they start (a page's data
    /// loads run as their own tasks, which would otherwise outlive an abandoned request).
    pub cancel: tokio_util::sync::CancellationToken,
}

/// Data that several server functions of one request need (a page render calls several at
/// once): the first to ask loads it, the others wait for that load instead of repeating it.
#[derive(Default)]
pub struct RequestMemo {
    /// The account's branding, both versions.
    pub branding: tokio::sync::OnceCell<service::branding::BrandingVersions>,
    /// The account's settings and branding, when no session brought them.
    pub config: tokio::sync::OnceCell<Arc<service::config_cache::AccountConfig>>,
}

/// The request id of the request being handled, or "unknown" outside a request.
pub fn current_request_id() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestContext>().cloned())
        .map(|ctx| ctx.request_id)
        .unwrap_or_else(|| "unknown".to_owned())
}
