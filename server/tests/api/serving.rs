//! Serving under pressure: a saturated database pool answers 503 at once, a request past its
//! deadline ends with an error page, an abandoned request stops its work, and the health
//! checks keep answering throughout.

use crate::helpers::{DEMO_HOST, Limits, TestApp};
use axum::http::StatusCode;
use sea_orm::{DatabaseTransaction, TransactionTrait};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

/// Takes every connection of the pool, as a crowd of slow requests would; the in-memory
/// SQLite pool has one, PostgreSQL's sixteen. Stops at the first that does not come within
/// half a second.
async fn hold_every_connection(app: &TestApp) -> Vec<DatabaseTransaction> {
    let mut held = vec![];
    while let Ok(Ok(tx)) = tokio::time::timeout(Duration::from_millis(500), app.db.begin()).await {
        held.push(tx);
    }
    assert!(!held.is_empty(), "no connection could be taken");
    held
}

fn quick() -> Limits {
    Limits {
        acquire_timeout: Duration::from_secs(1),
        ..Limits::default()
    }
}

#[tokio::test]
async fn a_saturated_pool_answers_503_with_retry_after_while_health_answers() {
    let app = TestApp::with_limits(quick()).await;
    let cookie = app.login("owner@acme.example").await;
    let held = hold_every_connection(&app).await;

    let started = Instant::now();
    let page = app.get("/licenses", Some(&cookie)).await;
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert_eq!(page.headers["retry-after"], "5");
    assert!(page.body.contains("The server is busy"), "{}", page.body);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the answer took {:?}: it queued instead of refusing",
        started.elapsed()
    );
    let rpc = app
        .rpc("/rpc/list_licenses", &[], Some(&cookie), DEMO_HOST)
        .await;
    assert_eq!(rpc.status, StatusCode::SERVICE_UNAVAILABLE, "{}", rpc.body);
    assert_eq!(rpc.json(), serde_json::json!("Busy"));
    let api = app
        .api(
            "GET",
            "/api/v1/products/00000000-0000-0000-0000-000000000000/public-key",
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.body);
    assert_eq!(api.json()["error"]["code"], "SERVICE_BUSY");
    assert_eq!(api.headers["retry-after"], "5");

    let health = app.get("/healthz", None).await;
    assert_eq!(health.status, StatusCode::OK);
    let ready = app.get("/readyz", None).await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );

    drop(held);
    let page = app.get("/licenses", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_request_past_its_deadline_ends_with_an_error_page() {
    let app = TestApp::with_limits(Limits {
        request_timeout: Duration::from_secs(1),
        acquire_timeout: Duration::from_secs(20),
    })
    .await;
    let cookie = app.login("owner@acme.example").await;
    let held = hold_every_connection(&app).await;

    let started = Instant::now();
    let page = app.get("/licenses", Some(&cookie)).await;
    let took = started.elapsed();
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(
        page.body.contains("This page is taking too long"),
        "{}",
        page.body
    );
    assert_eq!(page.headers["retry-after"], "5");
    assert!(
        took < Duration::from_secs(10),
        "ended after {took:?}, not at its 1 s deadline"
    );
    drop(held);
    assert_eq!(
        app.get("/licenses", Some(&cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_request_runs_no_query_once_its_client_has_gone() {
    let app = TestApp::with_limits(Limits {
        acquire_timeout: Duration::from_secs(20),
        ..Limits::default()
    })
    .await;
    let cookie = app.login("owner@acme.example").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let held = hold_every_connection(&app).await;

    // A page is asked for while no connection is free; then its client goes away.
    let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /licenses HTTP/1.1\r\nHost: {DEMO_HOST}\r\nAccept: text/html\r\nCookie: {cookie}\r\n\r\n"
    );
    client.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(client);
    // Time for the server to see the connection close (generous: a loaded machine).
    tokio::time::sleep(Duration::from_secs(2)).await;

    let (_, ran) = app
        .recording(async {
            drop(held);
            tokio::time::sleep(Duration::from_millis(1500)).await;
        })
        .await;
    assert!(
        ran.is_empty(),
        "the abandoned request still ran {} statements: {ran:#?}",
        ran.len()
    );
}
