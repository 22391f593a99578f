//! Branding over HTTP: the draft reaches staff previews only; published branding is public
//! and applied as CSS custom properties.

use crate::helpers::{DEMO_HOST, TestApp};
use axum::http::StatusCode;

#[tokio::test]
async fn drafts_reach_staff_previews_only_and_published_branding_shows_to_everyone() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let form = [
        ("portal_name", "Northwind Portal"),
        ("primary", "#7c3aed"),
        ("accent", ""),
        ("support_email", ""),
        ("support_url", ""),
        ("login_text", "Welcome back."),
    ];
    let res = app
        .rpc("/rpc/save_branding_draft", &form, Some(&admin), DEMO_HOST)
        .await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.body
    );

    let owner = app.login("owner@acme.example").await;
    let preview = [("preview", "true")];
    let staff_view = app
        .rpc("/rpc/get_branding", &preview, Some(&admin), DEMO_HOST)
        .await
        .json();
    assert_eq!(staff_view["primary"], "#7c3aed");
    for cookie in [Some(owner.as_str()), None] {
        let res = app
            .rpc("/rpc/get_branding", &preview, cookie, DEMO_HOST)
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.json()["primary"].is_null(), "the draft leaked");
    }
    let page = app.get("/login?preview=draft", Some(&admin)).await;
    assert!(page.body.contains(":root{--kp-primary:#7c3aed;}"));
    assert!(
        app.get("/login?preview=draft", None)
            .await
            .body
            .contains("Sign in")
    );
    assert!(
        !app.get("/login?preview=draft", None)
            .await
            .body
            .contains("#7c3aed")
    );

    // Customers cannot edit or publish.
    for path in ["/rpc/save_branding_draft", "/rpc/publish_branding"] {
        let res = app.rpc(path, &form, Some(&owner), DEMO_HOST).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
    }
    // A colour failing contrast is refused with its ratio.
    let mut bad = form;
    bad[1] = ("primary", "#ffff00");
    let res = app
        .rpc("/rpc/save_branding_draft", &bad, Some(&admin), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(":1"), "{}", res.body);

    let res = app
        .rpc("/rpc/publish_branding", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(res.status.is_redirection() || res.status.is_success());
    let page = app.get("/login", None).await;
    assert!(page.body.contains(":root{--kp-primary:#7c3aed;}"));
    assert!(page.body.contains("Welcome back."));
    let page = app.get("/", Some(&owner)).await;
    assert!(page.body.contains("Northwind Portal"));
}

#[tokio::test]
async fn the_dashboard_preview_shows_staff_the_customer_dashboard_over_their_account() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    // Outside the preview, staff are sent to their own dashboard.
    let res = app.get("/", Some(&admin)).await;
    assert!(
        res.status.is_redirection() || !res.body.contains("Your customers (preview)"),
        "{}",
        res.status
    );
    let res = app.get("/?preview=draft", Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("Your customers (preview)"),
        "{}",
        res.body
    );
    assert!(res.body.contains("Licenses by status"));
    // A customer's dashboard is theirs, preview or not.
    let owner = app.login("owner@acme.example").await;
    let res = app.get("/?preview=draft", Some(&owner)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.body.contains("Your customers (preview)"));
    assert!(res.body.contains("Acme Corp"));
}
