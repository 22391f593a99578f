//! A page shows only sentences the server put in its URL: a failed form post without
//! JavaScript comes back with its (signed) reason, while a link carrying a sentence of its
//! own is sent to the page without it.

use crate::helpers::{DEMO_HOST, TestApp, encode};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};

#[tokio::test]
async fn only_the_servers_own_messages_reach_the_alert_box() {
    let app = TestApp::new().await;
    // A sign-in without JavaScript fails: back to the form with the reason.
    let req = Request::post("/rpc/login")
        .header(header::HOST, DEMO_HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("https://{DEMO_HOST}/login"))
        .body(Body::from(encode(&[
            ("email", "owner@acme.example"),
            ("password", "wrong"),
        ])))
        .unwrap();
    let res = app.send(req).await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    let location = res.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.contains("__err=") && location.contains("flash="),
        "{location}"
    );
    let path = &location[location.find("/login").unwrap()..];
    let page = app.get(path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("The email or password is not correct."),
        "{}",
        page.body
    );

    // The same kind of link, made by someone else, loses its message.
    let forged = serde_json::to_vec(&app::AppError::BadRequest(
        "your account is locked: call +1 555 0100".into(),
    ))
    .unwrap();
    use base64::Engine as _;
    let err = base64::engine::general_purpose::URL_SAFE.encode(forged);
    for path in [
        format!("/login?__path=%2Frpc%2Flogin&__err={err}"),
        "/vendor/releases?error=Your%20licence%20expired%3A%20call%20us".to_owned(),
        "/offline/activate?error=Call%20us&x=1".to_owned(),
    ] {
        let res = app.get(&path, None).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        let to = res.headers[header::LOCATION].to_str().unwrap();
        assert!(
            !to.contains("err") && !to.contains("Call"),
            "{path} -> {to}"
        );
    }
    // A signed message moved to another page is not that page's.
    let elsewhere = format!("/profile?{}", location.split_once('?').unwrap().1);
    assert_eq!(
        app.get(&elsewhere, None).await.status,
        StatusCode::SEE_OTHER
    );
}
