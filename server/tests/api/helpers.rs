//! `TestApp`: the real router over a real, seeded database, driven without a socket.

use app::state::{AppState, CookieConfig};
use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{HeaderMap, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::router::{self, Settings};
use service::{Db, Passwords, crypto::MasterKey, demo, tenancy::TenancyConfig};
use std::net::SocketAddr;
use tower::ServiceExt;

/// The client address every test request comes from.
pub const CLIENT_IP: &str = "203.0.113.7";

/// The demo password of every seeded user.
pub const PASSWORD: &str = demo::DEMO_PASSWORD;

/// How long one request may take before the test calls it stalled (a loaded 2-core machine
/// answers every request here in well under a second).
const STALL: std::time::Duration = std::time::Duration::from_secs(60);

/// The host of the demo account (the default account answers it too).
pub const DEMO_HOST: &str = "demo.keyport.test";

/// A response, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The JSON body.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

mod temp_dir;
mod wire;
mod world;

pub use temp_dir::TempDir;
pub use wire::{encode, session_cookie};

/// The public URL the test server's emails link to.
pub const PUBLIC_URL: &str = "https://portal.keyport.test";

/// Serving limits (`keyport serve`'s defaults unless a test says otherwise).
pub struct Limits {
    /// `KEYPORT_REQUEST_TIMEOUT`.
    pub request_timeout: std::time::Duration,
    /// `KEYPORT_DB_ACQUIRE_TIMEOUT`.
    pub acquire_timeout: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: std::time::Duration::from_secs(30),
            acquire_timeout: service::db::DEFAULT_ACQUIRE_TIMEOUT,
        }
    }
}

/// The application under test.
pub struct TestApp {
    pub db: Db,
    /// The release store behind the router (in memory).
    pub store: service::releases::storage::ReleaseStore,
    /// The server's master key (signed download links are derived from it).
    pub master_key: std::sync::Arc<MasterKey>,
    router: Router,
    state: AppState,
    settings: Settings,
    statements: Statements,
}

/// The SQL statements run while recording (`None` while not).
#[derive(Clone, Default)]
struct Statements(std::sync::Arc<std::sync::Mutex<Option<Vec<String>>>>);

impl TestApp {
    /// A fresh database with the demo data, behind the real router; hosts that name no
    /// account get the demo account.
    pub async fn new() -> Self {
        Self::build(Some(demo::DEMO_ACCOUNT_ALIAS), Limits::default()).await
    }

    /// The same, with no default account: a host that names no account has none.
    pub async fn without_default_account() -> Self {
        Self::build(None, Limits::default()).await
    }

    /// The demo app with other serving limits.
    pub async fn with_limits(limits: Limits) -> Self {
        Self::build(Some(demo::DEMO_ACCOUNT_ALIAS), limits).await
    }

    async fn build(default_account: Option<&str>, limits: Limits) -> Self {
        let mut db = service::testing::test_db_with(limits.acquire_timeout).await;
        // Every statement the app runs, while a test records them (`get_counting`).
        let statements = Statements::default();
        {
            let statements = statements.clone();
            db.set_metric_callback(move |info| {
                if let Some(list) = statements.0.lock().expect("lock").as_mut() {
                    list.push(info.statement.to_string());
                }
            });
        }
        let passwords = Passwords::new(2);
        let master_key = std::sync::Arc::new(MasterKey::generate());
        let summary = demo::seed(&db, &passwords, &master_key)
            .await
            .expect("demo data");
        let store = service::releases::storage::ReleaseStore::in_memory();
        demo::seed_releases(&db, &store, summary.account.id)
            .await
            .expect("demo releases");
        let tenancy = TenancyConfig {
            base_domain: Some("keyport.test".into()),
            default_account: default_account.map(str::to_owned),
        };
        let state = AppState {
            db: db.clone(),
            passwords,
            leptos_options: LeptosOptions::builder().output_name("keyport").build(),
            cookies: CookieConfig::new(false),
            master_key: master_key.clone(),
            public_url: PUBLIC_URL.into(),
            tenancy: tenancy.clone(),
            config: std::sync::Arc::default(),
            split_modules: std::sync::Arc::default(),
        };
        let settings = Settings {
            tenancy,
            trust_proxy: false,
            releases: router::ReleaseSettings {
                store: store.clone(),
                upload_max_bytes: 1 << 20,
            },
            api_rates: server::api_v1::RateSettings::default(),
            request_timeout: limits.request_timeout,
            host_cache: std::time::Duration::from_secs(5),
        };
        TestApp {
            db,
            store,
            master_key,
            router: router::build(state.clone(), settings.clone()),
            state,
            settings,
            statements,
        }
    }

    /// A GET of a page, with every SQL statement it ran (values inlined), in order. Nothing
    /// else may use the database meanwhile: call it from one task at a time.
    pub async fn get_counting(&self, path: &str, cookie: Option<&str>) -> (Answer, Vec<String>) {
        self.recording(self.get(path, cookie)).await
    }

    /// Runs `work`, with every SQL statement anything ran meanwhile.
    pub async fn recording<T>(&self, work: impl Future<Output = T>) -> (T, Vec<String>) {
        *self.statements.0.lock().expect("lock") = Some(vec![]);
        let out = work.await;
        let ran = self
            .statements
            .0
            .lock()
            .expect("lock")
            .take()
            .unwrap_or_default();
        (out, ran)
    }

    /// Builds other routers over the same state, as each test (and each server of a
    /// process) does; the router under test is unchanged.
    pub fn router_builder(&self) -> impl Fn() -> Router + Send + Sync + 'static {
        let (state, settings) = (self.state.clone(), self.settings.clone());
        move || router::build(state.clone(), settings.clone())
    }

    /// The router under test, to drive it directly (`oneshot`).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Sends a request and reads the whole answer. An answer that has not ended after a
    /// minute fails the test with the request named: a stalled page (a response whose body
    /// never ends) is a bug a user would see as a page that never finishes loading, and it
    /// must fail the run rather than hold it until CI's limit.
    pub async fn send(&self, req: Request<Body>) -> Answer {
        let what = format!("{} {}", req.method(), req.uri());
        let answer = async {
            let res = self.router.clone().oneshot(req).await.expect("infallible");
            let status = res.status();
            let headers = res.headers().clone();
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            (status, headers, bytes)
        };
        let (status, headers, bytes) = tokio::time::timeout(STALL, answer)
            .await
            .unwrap_or_else(|_| panic!("{what} did not finish within {STALL:?}"));
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Calls a server function as the hydrated app does (form-encoded in, JSON out).
    pub async fn rpc(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
        host: &str,
    ) -> Answer {
        let mut req = Request::post(path)
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        let body = encode(form);
        // Browsers always send the length of a form body.
        req = req.header(header::CONTENT_LENGTH, body.len());
        let mut req = req.body(Body::from(body)).expect("request");
        // What `axum::serve` adds for a real connection.
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 7], 50_000))));
        self.send(req).await
    }

    /// A licensing API call as a client application makes it: JSON, no cookie, no Origin.
    pub async fn api(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, DEMO_HOST);
        let body = match body {
            Some(json) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        let mut req = req.body(body).expect("request");
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 7], 50_000))));
        self.send(req).await
    }

    /// A GET of a page.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::get(path)
            .header(header::HOST, DEMO_HOST)
            .header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// Signs in on `host` and returns the `name=value` of the session cookie.
    pub async fn login_on(&self, host: &str, email: &str, password: &str) -> String {
        let res = self
            .rpc(
                "/rpc/login",
                &[("email", email), ("password", password)],
                None,
                host,
            )
            .await;
        assert!(
            res.status.is_success() || res.status.is_redirection(),
            "sign-in of {email} failed: {} {}",
            res.status,
            res.body
        );
        session_cookie(&res.headers).expect("a session cookie")
    }

    /// Signs in on the demo account with the demo password.
    pub async fn login(&self, email: &str) -> String {
        self.login_on(DEMO_HOST, email, PASSWORD).await
    }
}
