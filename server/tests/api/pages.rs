//! Server-rendered pages: status codes and redirects.

use crate::helpers::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn an_unknown_path_is_a_404_page() {
    let app = TestApp::new().await;
    let res = app.get("/no-such-page", None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("Not found"), "{}", res.body);
}

#[tokio::test]
async fn signed_in_pages_send_strangers_to_the_sign_in_page() {
    let app = TestApp::new().await;
    for path in ["/", "/licenses", "/profile", "/vendor"] {
        let res = app.get(path, None).await;
        assert!(res.status.is_redirection(), "{path}: {}", res.status);
        assert_eq!(res.headers["location"], "/login", "{path}");
    }
}

#[tokio::test]
async fn the_owner_dashboard_shows_the_organization_overview() {
    let app = TestApp::new().await;
    let cookie = app.login("owner@acme.example").await;
    let res = app.get("/", Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Acme Corp"));
    assert!(res.body.contains("Licenses by status"));
}

#[tokio::test]
async fn another_organizations_license_page_is_a_404() {
    let app = TestApp::new().await;
    let globex = app.login("owner@globex.example").await;
    let (id, _) = app
        .license_ids(&globex, crate::helpers::DEMO_HOST)
        .await
        .remove(0);
    let acme = app.login("owner@acme.example").await;
    let res = app.get(&format!("/licenses/{id}"), Some(&acme)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let own = app.get(&format!("/licenses/{id}"), Some(&globex)).await;
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn health_check_answers_when_the_database_does() {
    let app = TestApp::new().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn every_page_links_the_site_icon_that_public_holds() {
    let app = TestApp::new().await;
    let res = app.get("/login", None).await;
    assert_eq!(res.status, StatusCode::OK);
    let head = res.body.split("</head>").next().unwrap();
    assert!(
        head.contains(r#"rel="icon""#) && head.contains(r#"href="/favicon.svg""#),
        "{head}"
    );
    // scripts/build.sh copies public/ to the site root, where /favicon.svg is served.
    let icon = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/favicon.svg");
    let svg = std::fs::read_to_string(&icon).expect("public/favicon.svg");
    assert!(svg.trim_start().starts_with("<svg"), "{svg}");
}
