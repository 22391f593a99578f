//! The custom domain page's functions: admins set it, the DNS record names this host, bad
//! domains and customers are refused.

use crate::helpers::{DEMO_HOST, TestApp};
use axum::http::StatusCode;

#[tokio::test]
async fn admins_set_a_custom_domain_and_see_the_record_to_create() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    for bad in [
        "https://portal.northwind.test",
        "portal.northwind.test:8443",
        "x/y",
    ] {
        let res = app
            .rpc(
                "/rpc/set_custom_domain",
                &[("domain", bad)],
                Some(&admin),
                DEMO_HOST,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let res = app
        .rpc(
            "/rpc/set_custom_domain",
            &[("domain", "portal.northwind.test")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.body
    );
    let d = app
        .rpc("/rpc/get_custom_domain", &[], Some(&admin), DEMO_HOST)
        .await
        .json();
    assert_eq!(d["domain"], "portal.northwind.test");
    assert_eq!(d["target"], DEMO_HOST);
    // The account now answers on its domain.
    let res = app
        .rpc(
            "/rpc/get_current_user",
            &[],
            Some(&admin),
            "portal.northwind.test",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let owner = app.login("owner@acme.example").await;
    for (path, form) in [
        ("/rpc/get_custom_domain", vec![]),
        ("/rpc/set_custom_domain", vec![("domain", "evil.test")]),
        ("/rpc/check_custom_domain", vec![]),
    ] {
        let res = app.rpc(path, &form, Some(&owner), DEMO_HOST).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
    }
}
