//! Every main page, server-rendered hundreds of times at once, must finish every time.
//!
//! Pages used to stall at random (a body that never ends, no CPU used, every query done):
//! building a router lists the app's routes, which suppresses resource loading through a
//! process-global flag, and a resource first polled by any other request meanwhile waited
//! forever (leptos-rs/leptos#4773). The test process builds a router per test while other
//! tests render pages; so does this test, on purpose, while it hammers every page on one and
//! on two worker threads. A stalled response is kept, whole as far as it came, under
//! `$CARGO_TARGET_TMPDIR/ssr-stalls/` and named in the failure.

use crate::{
    helpers::{DEMO_HOST, TestApp},
    main_pages::main_pages,
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use futures_util::{StreamExt, stream};
use http_body_util::BodyExt;
use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};
use tower::ServiceExt;

/// Requests per page and how many are in flight at once.
const REQUESTS_PER_PAGE: usize = 48;
const CONCURRENCY: usize = 32;
/// A page not finished after this long is stalled: under this test's load a debug build
/// answers each in well under a second.
const STALLED_AFTER: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn every_page_finishes_under_load_on_one_worker_thread() {
    hammer_every_page().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_finishes_under_load_on_two_worker_threads() {
    hammer_every_page().await;
}

async fn hammer_every_page() {
    let app = TestApp::new().await;
    let pages = main_pages(&app).await;

    // Routers built meanwhile, as other tests (and other servers in one process) do.
    let done = Arc::new(AtomicBool::new(false));
    let builder = {
        let done = done.clone();
        let build_router = app.router_builder();
        tokio::spawn(async move {
            let mut built = 0u32;
            while !done.load(Ordering::Relaxed) {
                drop(build_router());
                built += 1;
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            built
        })
    };

    let mut stalls = vec![];
    let mut failures = vec![];
    for page in &pages {
        let (name, path, cookie) = (&page.who, &page.path, &page.cookie);
        let outcomes: Vec<Outcome> = stream::iter(0..REQUESTS_PER_PAGE)
            .map(|_| fetch(&app, path, cookie.as_deref()))
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for (n, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Outcome::Finished(status, body)
                    if status == StatusCode::OK && body.contains("</html>") => {}
                Outcome::Finished(status, body) => failures.push(format!(
                    "{name} {path}: {status}, body ends {:?}",
                    &body[body.len().saturating_sub(200)..]
                )),
                Outcome::Stalled(partial) => stalls.push(keep(name, n, &partial)),
            }
        }
    }
    done.store(true, Ordering::Relaxed);
    let built = builder.await.expect("router builder");
    assert!(built > 0, "no router was built during the hammer");
    assert!(
        stalls.is_empty(),
        "{} responses stalled for {STALLED_AFTER:?} (bodies kept): {stalls:#?}",
        stalls.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

enum Outcome {
    Finished(StatusCode, String),
    Stalled(Vec<u8>),
}

/// One GET, read frame by frame so that a stalled body is kept as far as it came.
async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> Outcome {
    let mut req = Request::get(path)
        .header(header::HOST, DEMO_HOST)
        .header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    let req = req.body(Body::empty()).expect("request");
    let received = Arc::new(Mutex::new(Vec::new()));
    let head = Arc::new(AtomicBool::new(false));
    let read = {
        let (received, head) = (received.clone(), head.clone());
        let router = app.router();
        async move {
            let res = router.oneshot(req).await.expect("infallible");
            head.store(true, Ordering::Relaxed);
            let status = res.status();
            let mut body = res.into_body();
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame.expect("body").into_data() {
                    received.lock().expect("lock").extend_from_slice(&data);
                }
            }
            status
        }
    };
    match tokio::time::timeout(STALLED_AFTER, read).await {
        Ok(status) => {
            let bytes = std::mem::take(&mut *received.lock().expect("lock"));
            Outcome::Finished(
                status,
                String::from_utf8_lossy(&bytes).trim_end().to_owned(),
            )
        }
        Err(_) => {
            let mut partial = std::mem::take(&mut *received.lock().expect("lock"));
            if !head.load(Ordering::Relaxed) {
                // Async pages send nothing until every resource has resolved.
                partial = b"(no response head came: the render never finished)".to_vec();
            }
            Outcome::Stalled(partial)
        }
    }
}

/// Writes a stalled body to a file and returns its path.
fn keep(page: &str, n: usize, partial: &[u8]) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ssr-stalls");
    std::fs::create_dir_all(&dir).expect("stall directory");
    let file = dir.join(format!("{}-{n}.html", page.replace(['/', ' '], "_")));
    std::fs::write(&file, partial).expect("stalled body");
    file.display().to_string()
}
