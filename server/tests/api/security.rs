//! The security floor: deny by default, no cross-site writes, nothing internal on the wire.

use crate::helpers::{DEMO_HOST, TestApp};
use app::api::PUBLIC;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use leptos::server_fn::axum::server_fn_paths;

#[tokio::test]
async fn every_server_function_refuses_a_caller_without_a_session() {
    let app = TestApp::new().await;
    let paths: Vec<_> = server_fn_paths().collect();
    assert!(
        paths.len() >= 9,
        "server functions not registered: {paths:?}"
    );
    for (path, _method) in paths {
        let res = app.rpc(path, &[], None, DEMO_HOST).await;
        if PUBLIC.contains(&path) {
            assert_ne!(
                res.status,
                StatusCode::OK,
                "{path} answered OK to an empty request"
            );
            continue;
        }
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}: {}", res.body);
        assert_eq!(res.json(), serde_json::json!("Unauthorized"), "{path}");
    }
}

#[tokio::test]
async fn a_forged_or_foreign_session_cookie_is_no_session() {
    let app = TestApp::new().await;
    let res = app
        .rpc(
            "/rpc/get_current_user",
            &[],
            Some("keyport_session=forged-token"),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let cookie = app.login("viewer@acme.example").await;
    let form = crate::helpers::encode(&[
        ("first_name", "Mallory"),
        ("last_name", "Viewer"),
        ("email", "viewer@acme.example"),
        ("current_password", crate::helpers::PASSWORD),
    ]);
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let req = Request::post("/rpc/update_profile")
            .header(header::HOST, DEMO_HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .header(name, value)
            .body(Body::from(form.clone()))
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    let me = app
        .rpc("/rpc/get_profile", &[], Some(&cookie), DEMO_HOST)
        .await;
    assert_ne!(me.json()["first_name"], "Mallory");
}

#[tokio::test]
async fn same_origin_browser_posts_pass_the_origin_check() {
    let app = TestApp::new().await;
    let req = Request::post("/rpc/login")
        .header(header::HOST, DEMO_HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("origin", format!("http://{DEMO_HOST}"))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(
            "email=member%40acme.example&password=keyport-demo",
        ))
        .unwrap();
    let res = app.send(req).await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.status
    );
}

/// Words that only a database or driver error would put in a response.
const LEAKS: &[&str] = &[
    "sql",
    "sqlite",
    "postgres",
    "syntax error",
    "select ",
    "dberr",
    "constraint",
    "sea_orm",
    "sqlx",
    "relation ",
    "no such table",
    "panicked",
];

#[tokio::test]
async fn no_response_carries_database_or_driver_error_text() {
    let app = TestApp::new().await;
    let cookie = app.login("owner@acme.example").await;
    let hostile = [
        "' OR 1=1 --",
        "\"; DROP TABLE licenses; --",
        "%",
        "_",
        "\\",
        "../../etc/passwd",
        "00000000-0000-0000-0000-000000000000",
        "not-a-uuid",
        "KP-' UNION SELECT * FROM users --",
        "\u{0}",
        "é🙂",
    ];
    let long = "x".repeat(5_000);
    let mut tried = 0;
    for bad in hostile.iter().copied().chain([long.as_str()]) {
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("/rpc/list_licenses", vec![("q", bad)]),
            ("/rpc/list_licenses", vec![("status", bad)]),
            ("/rpc/list_licenses", vec![("product", bad)]),
            ("/rpc/list_licenses", vec![("after", bad)]),
            ("/rpc/get_license", vec![("id", bad)]),
            ("/rpc/login", vec![("email", bad), ("password", bad)]),
            (
                "/rpc/update_profile",
                vec![
                    ("first_name", bad),
                    ("last_name", bad),
                    ("email", bad),
                    ("current_password", bad),
                ],
            ),
            (
                "/rpc/change_password",
                vec![("current_password", bad), ("new_password", bad)],
            ),
        ];
        for (path, form) in calls {
            let res = app.rpc(path, &form, Some(&cookie), DEMO_HOST).await;
            tried += 1;
            assert_ne!(
                res.status,
                StatusCode::INTERNAL_SERVER_ERROR,
                "{path} {bad:?}: {}",
                res.body
            );
            let body = res.body.to_lowercase();
            for leak in LEAKS {
                assert!(
                    !body.contains(leak),
                    "{path} with {bad:?} leaked {leak:?}: {}",
                    res.body
                );
            }
        }
    }
    assert!(tried > 80);
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::new().await;
    let big = "a".repeat(server::router::BODY_LIMIT + 1);
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", &big), ("password", "x")],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}
