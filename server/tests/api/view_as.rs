//! "View as customer": staff see the portal as a customer, read-only, audited.

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp};
use axum::http::StatusCode;

async fn user_id(app: &TestApp, cookie: &str) -> String {
    app.rpc("/rpc/get_current_user", &[], Some(cookie), DEMO_HOST)
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn staff_view_as_a_customer_read_only_and_it_is_audited() {
    let app = TestApp::new().await;
    let member = app.login("member@acme.example").await;
    let member_id = user_id(&app, &member).await;
    let member_licenses = app.license_ids(&member, DEMO_HOST).await;

    let admin = app.login("admin@vendor.example").await;
    let admin_id = user_id(&app, &admin).await;
    // A staff user is not a customer to view as.
    let res = app
        .rpc(
            "/rpc/start_view_as",
            &[("user_id", &admin_id)],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .rpc(
            "/rpc/start_view_as",
            &[("user_id", &member_id)],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );

    let me = app
        .rpc("/rpc/get_current_user", &[], Some(&admin), DEMO_HOST)
        .await
        .json();
    assert_eq!(me["email"], "member@acme.example");
    assert!(me["viewed_by"].is_string());
    assert_eq!(app.license_ids(&admin, DEMO_HOST).await, member_licenses);
    let page = app.get("/", Some(&admin)).await;
    assert!(page.body.contains("view-as-banner"));

    // Every change is refused, even one the member may make.
    let res = app
        .rpc(
            "/rpc/update_profile",
            &[
                ("first_name", "Hacked"),
                ("last_name", "Member"),
                ("email", "member@acme.example"),
                ("current_password", PASSWORD),
            ],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .rpc(
            "/rpc/start_view_as",
            &[("user_id", &member_id)],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let res = app
        .rpc("/rpc/end_view_as", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let me = app
        .rpc("/rpc/get_current_user", &[], Some(&admin), DEMO_HOST)
        .await
        .json();
    assert_eq!(me["email"], "admin@vendor.example");
    let profile = app
        .rpc("/rpc/get_profile", &[], Some(&member), DEMO_HOST)
        .await
        .json();
    assert_eq!(profile["first_name"], "Max");

    let res = app
        .rpc(
            "/rpc/list_audit_events",
            &[("action", "view_as.")],
            Some(&admin),
            DEMO_HOST,
        )
        .await
        .json();
    let actions: Vec<&str> = res["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["view_as.end", "view_as.start"]);
    assert!(
        res["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["actor_email"] == "admin@vendor.example")
    );

    // Customers cannot view as anyone.
    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc(
            "/rpc/start_view_as",
            &[("user_id", &member_id)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .rpc("/rpc/list_view_as_customers", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}
