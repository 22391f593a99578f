//! Tenancy: one organization never sees another's data, one vendor never another's.

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp};
use axum::http::StatusCode;
use std::collections::HashSet;

#[tokio::test]
async fn an_organization_never_reaches_another_organizations_licenses_by_id() {
    let app = TestApp::new().await;
    let globex = app.login("owner@globex.example").await;
    let globex_ids = app.license_ids(&globex, DEMO_HOST).await;
    assert!(!globex_ids.is_empty());
    for email in [
        "owner@acme.example",
        "member@acme.example",
        "viewer@acme.example",
        "solo@example.com",
    ] {
        let cookie = app.login(email).await;
        let visible: HashSet<_> = app
            .license_ids(&cookie, DEMO_HOST)
            .await
            .into_iter()
            .collect();
        for (id, key) in &globex_ids {
            assert!(
                !visible.contains(&(id.clone(), key.clone())),
                "{email} lists a Globex license"
            );
            let res = app
                .rpc("/rpc/get_license", &[("id", id)], Some(&cookie), DEMO_HOST)
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{email} reached {id}");
            assert_eq!(res.json(), serde_json::json!("NotFound"));
            // Paging "after" a foreign id leaks nothing either.
            let res = app
                .rpc(
                    "/rpc/list_licenses",
                    &[("after", id)],
                    Some(&cookie),
                    DEMO_HOST,
                )
                .await;
            for row in res.json()["rows"].as_array().unwrap() {
                let pair = (
                    row["id"].as_str().unwrap().to_owned(),
                    row["key"].as_str().unwrap().to_owned(),
                );
                assert!(visible.contains(&pair), "{email} paged into {pair:?}");
            }
        }
    }
}

#[tokio::test]
async fn a_member_sees_direct_and_group_licenses_only() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let all: HashSet<_> = app
        .license_ids(&owner, DEMO_HOST)
        .await
        .into_iter()
        .collect();
    let member = app.login("member@acme.example").await;
    let mine: HashSet<_> = app
        .license_ids(&member, DEMO_HOST)
        .await
        .into_iter()
        .collect();
    assert!(!mine.is_empty());
    assert!(mine.is_subset(&all));
    assert!(
        mine.len() < all.len(),
        "a member sees every organization license"
    );
    for (id, _) in all.difference(&mine) {
        let res = app
            .rpc("/rpc/get_license", &[("id", id)], Some(&member), DEMO_HOST)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn one_vendor_account_never_reaches_another() {
    let app = TestApp::new().await;
    let other =
        service::testing::other_vendor(&app.db, "other", "owner@other.example", PASSWORD).await;
    let other_host = "other.keyport.test";
    let other_cookie = app
        .login_on(other_host, "owner@other.example", PASSWORD)
        .await;
    let other_ids = app.license_ids(&other_cookie, other_host).await;
    assert_eq!(other_ids.len(), other.license_count);

    // The other vendor's session means nothing on the demo host, and vice versa.
    let res = app
        .rpc("/rpc/get_current_user", &[], Some(&other_cookie), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let admin = app.login("admin@vendor.example").await;
    let res = app
        .rpc("/rpc/get_current_user", &[], Some(&admin), other_host)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // Demo staff, who see every demo license, cannot open the other vendor's.
    for (id, _) in &other_ids {
        let res = app
            .rpc("/rpc/get_license", &[("id", id)], Some(&admin), DEMO_HOST)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
    // A demo user's credentials do not sign in on the other vendor's host.
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "owner@acme.example"), ("password", PASSWORD)],
            None,
            other_host,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}
