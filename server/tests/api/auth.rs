//! Signing in and out over HTTP.

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp, session_cookie};
use axum::http::StatusCode;

#[tokio::test]
async fn wrong_password_and_unknown_email_answer_byte_for_byte_alike() {
    let app = TestApp::new().await;
    let wrong = app
        .rpc(
            "/rpc/login",
            &[
                ("email", "owner@acme.example"),
                ("password", "not-the-password"),
            ],
            None,
            DEMO_HOST,
        )
        .await;
    let unknown = app
        .rpc(
            "/rpc/login",
            &[
                ("email", "nobody@acme.example"),
                ("password", "not-the-password"),
            ],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.json(), serde_json::json!("InvalidCredentials"));
    assert!(session_cookie(&wrong.headers).is_none());
}

#[tokio::test]
async fn the_sixth_failure_in_fifteen_minutes_is_throttled_even_with_the_right_password() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        let res = app
            .rpc(
                "/rpc/login",
                &[
                    ("email", "viewer@acme.example"),
                    ("password", "wrong-guess"),
                ],
                None,
                DEMO_HOST,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "viewer@acme.example"), ("password", PASSWORD)],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    let retry: u64 = res.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "retry after {retry}");
    assert_eq!(res.json()["RateLimited"]["retry_after_secs"], retry);
    // Another user is not affected.
    app.login("member@acme.example").await;
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_signing_out_ends_it() {
    let app = TestApp::new().await;
    let first = app.login("member@acme.example").await;
    let me = app
        .rpc("/rpc/get_current_user", &[], Some(&first), DEMO_HOST)
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "member@acme.example");

    // Signing in again while holding a session replaces it with a new id.
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "member@acme.example"), ("password", PASSWORD)],
            Some(&first),
            DEMO_HOST,
        )
        .await;
    let second = session_cookie(&res.headers).expect("new cookie");
    assert_ne!(first, second);
    let old = app
        .rpc("/rpc/get_current_user", &[], Some(&first), DEMO_HOST)
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);

    let out = app.rpc("/rpc/logout", &[], Some(&second), DEMO_HOST).await;
    assert!(
        out.status.is_success() || out.status.is_redirection(),
        "{}",
        out.status
    );
    let after = app
        .rpc("/rpc/get_current_user", &[], Some(&second), DEMO_HOST)
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn staff_land_on_the_vendor_dashboard_and_customers_on_theirs() {
    let app = TestApp::new().await;
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "admin@vendor.example"), ("password", PASSWORD)],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.headers["location"], "/vendor");
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "solo@example.com"), ("password", PASSWORD)],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.headers["location"], "/");
}

#[tokio::test]
async fn a_password_change_signs_out_other_sessions_and_keeps_this_one() {
    let app = TestApp::new().await;
    let laptop = app.login("solo@example.com").await;
    let phone = app.login("solo@example.com").await;
    let res = app
        .rpc(
            "/rpc/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a much longer passphrase"),
            ],
            Some(&laptop),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{} {}",
        res.status,
        res.body
    );
    let phone_now = app
        .rpc("/rpc/get_current_user", &[], Some(&phone), DEMO_HOST)
        .await;
    assert_eq!(phone_now.status, StatusCode::UNAUTHORIZED);
    let laptop_now = app
        .rpc("/rpc/get_current_user", &[], Some(&laptop), DEMO_HOST)
        .await;
    assert_eq!(laptop_now.status, StatusCode::OK);
    app.login_on(DEMO_HOST, "solo@example.com", "a much longer passphrase")
        .await;
}

#[tokio::test]
async fn weak_new_passwords_are_refused_with_a_field_error() {
    let app = TestApp::new().await;
    let cookie = app.login("solo@example.com").await;
    for weak in ["short", "password1"] {
        let res = app
            .rpc(
                "/rpc/change_password",
                &[("current_password", PASSWORD), ("new_password", weak)],
                Some(&cookie),
                DEMO_HOST,
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{weak}: {}",
            res.body
        );
        assert_eq!(
            res.json()["Invalid"][0]["field"],
            "new_password",
            "{}",
            res.body
        );
    }
    // The old password still works.
    app.login("solo@example.com").await;
}
