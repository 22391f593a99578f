//! `/vendor/audit` and its CSV export: staff only, filters, and setting changes with
//! before/after.

use crate::helpers::{DEMO_HOST, TestApp};
use axum::http::StatusCode;

#[tokio::test]
async fn staff_see_filter_and_export_the_audit_log_customers_do_not() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let res = app
        .rpc(
            "/rpc/update_catalog_defaults",
            &[("products_visible_by_default", "on")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.body
    );

    let res = app
        .rpc(
            "/rpc/list_audit_events",
            &[("action", "settings."), ("actor", "admin@vendor.example")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rows = res.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["details"].as_str().unwrap().contains("\"before\""));
    let res = app
        .rpc(
            "/rpc/list_audit_events",
            &[("from", "not a date")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    let csv = app
        .get("/vendor/audit.csv?action=settings.", Some(&admin))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
    assert!(csv.body.contains("settings.portal.update"));

    let page = app.get("/vendor/audit?action=auth.", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Audit log") && page.body.contains("auth.login"));

    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc("/rpc/list_audit_events", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/vendor/audit.csv", Some(&owner)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/vendor/audit.csv", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}
