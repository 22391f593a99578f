//! With the portal turned off, customers and visitors get the branded "portal unavailable"
//! page; staff still sign in from it.

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp};
use axum::http::StatusCode;

fn ok(res: &crate::helpers::Answer) -> bool {
    res.status.is_success() || res.status.is_redirection()
}

async fn brand_and_turn_off(app: &TestApp, admin: &str) {
    let form = [
        ("portal_name", "Northwind Portal"),
        ("primary", "#7c3aed"),
        ("accent", ""),
        ("support_email", "help@northwind.example"),
        ("support_url", "https://help.northwind.example/"),
        ("login_text", ""),
    ];
    let res = app
        .rpc("/rpc/save_branding_draft", &form, Some(admin), DEMO_HOST)
        .await;
    assert!(ok(&res), "{}", res.body);
    let res = app
        .rpc("/rpc/publish_branding", &[], Some(admin), DEMO_HOST)
        .await;
    assert!(ok(&res), "{}", res.body);
    let res = app
        .rpc(
            "/rpc/update_portal_modes",
            &[
                ("logged_in_portal_enabled", "on"),
                ("audit_portal_actions", "on"),
            ],
            Some(admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
}

#[tokio::test]
async fn customers_and_visitors_see_the_branded_unavailable_page_and_staff_still_sign_in() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    // While the portal is on, the sign-in page is the sign-in page.
    let page = app.get("/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sign in"));

    brand_and_turn_off(&app, &admin).await;

    // A signed-in customer and an anonymous visitor: portal page -> sign-in -> unavailable.
    for cookie in [Some(owner.as_str()), None] {
        let res = app.get("/licenses", cookie).await;
        assert!(res.status.is_redirection(), "{}", res.status);
        assert_eq!(res.headers["location"], "/login");
        let res = app.get("/login", cookie).await;
        assert!(res.status.is_redirection(), "{}", res.status);
        assert_eq!(res.headers["location"], "/unavailable");
    }
    let page = app.get("/unavailable", None).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "The portal is unavailable",
        "Northwind Portal is unavailable at the moment",
        "mailto:help@northwind.example",
        "https://help.northwind.example/",
        "--kp-primary:#7c3aed",
        r#"href="/login?staff=1""#,
    ] {
        assert!(page.body.contains(text), "missing {text}: {}", page.body);
    }
    // The customer's session is gone; signing in again is refused with the reason.
    let res = app
        .rpc("/rpc/get_current_user", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "owner@acme.example"), ("password", PASSWORD)],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("unavailable"), "{}", res.body);

    // Staff: the sign-in page stays reachable from the link, and sign-in works.
    let page = app.get("/login?staff=1", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vendor staff sign-in"));
    assert!(page.body.contains(r#"name="password""#));
    let staff = app.login("admin@vendor.example").await;
    let res = app.get("/vendor", Some(&staff)).await;
    assert_eq!(res.status, StatusCode::OK);

    // Back on: the page says so, and the sign-in page no longer redirects.
    let res = app
        .rpc(
            "/rpc/update_portal_modes",
            &[("portal_enabled", "on"), ("logged_in_portal_enabled", "on")],
            Some(&staff),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    assert_eq!(app.get("/login", None).await.status, StatusCode::OK);
    assert!(
        app.get("/unavailable", None)
            .await
            .body
            .contains("The portal is available again")
    );
    app.login("owner@acme.example").await;
}
