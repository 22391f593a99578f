//! Security headers: every page sends a Content-Security-Policy built on the nonce its own
//! scripts carry and refuses to be framed (the branding preview excepted, for its own
//! frames); every response says nosniff and its referrer policy.

use crate::{
    helpers::{DEMO_HOST, TestApp},
    main_pages::main_pages,
};
use axum::http::StatusCode;

#[tokio::test]
async fn every_page_has_a_nonce_policy_and_refuses_framing() {
    let app = TestApp::new().await;
    for page in main_pages(&app).await {
        let res = app.get(&page.path, page.cookie.as_deref()).await;
        let at = format!("{} {}", page.who, page.path);
        assert_eq!(res.status, StatusCode::OK, "{at}");
        let csp = res.headers["content-security-policy"].to_str().unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{at}: no nonce in {csp}"));
        assert!(nonce.len() >= 16, "{at}: {nonce}");
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "'strict-dynamic'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(
                csp.contains(directive),
                "{at}: {directive} missing from {csp}"
            );
        }
        assert!(!csp.contains("unsafe-inline"), "{at}: {csp}");
        // Every script of the page carries this render's nonce.
        let scripts = res.body.matches("<script").count();
        let nonced = res.body.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(
            scripts > 0 && nonced >= scripts,
            "{at}: {nonced} of {scripts} scripts"
        );
        assert_eq!(res.headers["x-frame-options"], "DENY", "{at}");
        assert_eq!(res.headers["x-content-type-options"], "nosniff", "{at}");
        assert_eq!(
            res.headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{at}"
        );
        // The test server's public URL is https.
        assert!(
            res.headers.contains_key("strict-transport-security"),
            "{at}"
        );
    }
}

#[tokio::test]
async fn the_branding_preview_may_be_framed_by_its_own_site_only() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    for path in [
        "/?preview=draft",
        "/licenses?preview=draft",
        "/login?preview=draft",
    ] {
        let res = app.get(path, Some(&admin)).await;
        let csp = res.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'self'"), "{path}: {csp}");
        assert_eq!(res.headers["x-frame-options"], "SAMEORIGIN", "{path}");
    }
}

#[tokio::test]
async fn other_answers_carry_the_generic_headers_and_reports_are_taken() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let json = app
        .rpc("/rpc/list_licenses", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(json.headers["x-content-type-options"], "nosniff");
    assert!(!json.headers.contains_key("content-security-policy"));
    let api = app.api("GET", "/api/v1/openapi.json", None).await;
    assert_eq!(api.headers["x-content-type-options"], "nosniff");

    let report = serde_json::json!({"csp-report": {
        "document-uri": "https://demo.keyport.test/licenses",
        "violated-directive": "script-src",
        "blocked-uri": "inline"
    }});
    let req = axum::http::Request::post("/csp-report")
        .header("host", DEMO_HOST)
        .header("content-type", "application/csp-report")
        .body(axum::body::Body::from(report.to_string()))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::NO_CONTENT);
}
