//! The branding logo over HTTP: the upload form (`POST /vendor/settings/branding/logo`), who
//! may use it, what is refused and why, and the image route customers' pages load.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use service::{
    permissions::StaffRole,
    testing::{self, png},
};

use crate::helpers::{Answer, DEMO_HOST, PASSWORD, TestApp};

const BOUNDARY: &str = "keyport-logo-boundary";
const UPLOAD: &str = "/vendor/settings/branding/logo";

fn body(file_name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{file_name}\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload_on(
    app: &TestApp,
    host: &str,
    cookie: Option<&str>,
    file_name: &str,
    bytes: &[u8],
    origin: &str,
) -> Answer {
    let mut req = Request::post(UPLOAD)
        .header(header::HOST, host)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .header("origin", origin);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(body(file_name, bytes))).unwrap())
        .await
}

async fn upload(app: &TestApp, cookie: Option<&str>, file_name: &str, bytes: &[u8]) -> Answer {
    let origin = format!("http://{DEMO_HOST}");
    upload_on(app, DEMO_HOST, cookie, file_name, bytes, &origin).await
}

async fn get_on(app: &TestApp, host: &str, path: &str, cookie: Option<&str>) -> Answer {
    let mut req = Request::get(path).header(header::HOST, host);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

fn location(res: &Answer) -> String {
    res.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no redirect: {} {}", res.status, res.body))
}

/// The sentence a refused upload's redirect carries.
fn logo_error(res: &Answer) -> String {
    let loc = location(res);
    let (_, query) = loc
        .split_once("logo_error=")
        .expect("an error in the redirect");
    let encoded = query.split('#').next().unwrap();
    let mut out = Vec::new();
    let mut i = 0;
    let b = encoded.as_bytes();
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The logo URL of the draft (`preview`) or published branding, as staff pages get it.
async fn logo_url(app: &TestApp, admin: &str, preview: bool) -> Option<String> {
    let flag = if preview { "true" } else { "false" };
    let res = app
        .rpc(
            "/rpc/get_branding",
            &[("preview", flag)],
            Some(admin),
            DEMO_HOST,
        )
        .await;
    res.json()["logo_url"].as_str().map(str::to_owned)
}

#[tokio::test]
async fn an_admin_uploads_a_logo_previews_it_publishes_it_and_customers_see_it() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let image = png(7);

    let res = upload(&app, Some(&admin), "logo.png", &image).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(location(&res).contains("saved=logo"));
    let url = logo_url(&app, &admin, true).await.expect("a draft logo");
    assert!(url.starts_with("/branding/logo/"));
    assert_eq!(
        logo_url(&app, &admin, false).await,
        None,
        "published at once"
    );

    // The draft logo: staff preview it; customers and strangers get nothing.
    let res = get_on(&app, DEMO_HOST, &url, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(res.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        res.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    assert_eq!(res.body, String::from_utf8_lossy(&image));
    for cookie in [Some(owner.as_str()), None] {
        let res = get_on(&app, DEMO_HOST, &url, cookie).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
    let page = app.get("/login?preview=draft", Some(&admin)).await;
    assert!(page.body.contains(&url), "the preview lacks the logo");
    assert!(!app.get("/login", None).await.body.contains(&url));
    assert!(!app.get("/", Some(&owner)).await.body.contains(&url));

    let res = app
        .rpc("/rpc/publish_branding", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(res.status.is_success() || res.status.is_redirection());
    let res = get_on(&app, DEMO_HOST, &url, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(app.get("/login", None).await.body.contains(&url));
    assert!(app.get("/", Some(&owner)).await.body.contains(&url));

    // "Remove logo" is a draft change: customers keep the logo until the next publication.
    let res = app
        .rpc("/rpc/remove_branding_logo", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .rpc("/rpc/remove_branding_logo", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(res.status.is_success() || res.status.is_redirection());
    assert_eq!(logo_url(&app, &admin, true).await, None);
    assert!(app.get("/", Some(&owner)).await.body.contains(&url));
    app.rpc("/rpc/publish_branding", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(!app.get("/", Some(&owner)).await.body.contains(&url));
    assert_eq!(
        get_on(&app, DEMO_HOST, &url, None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn disguised_and_oversized_files_are_refused_with_the_reason_and_nothing_changes() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    let html = b"<!doctype html><script>alert(1)</script>";
    for bytes in [&svg[..], &html[..]] {
        let res = upload(&app, Some(&admin), "logo.png", bytes).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(
            logo_error(&res).contains("SVG or HTML"),
            "{}",
            logo_error(&res)
        );
    }
    // Over 512 KiB, and over the route's own body cap.
    for size in [512 * 1024 + 1, 600 * 1024] {
        let mut big = png(0);
        big.resize(size, 0);
        let res = upload(&app, Some(&admin), "logo.png", &big).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{size}: {}", res.body);
        assert!(logo_error(&res).contains("512 KiB"), "{}", logo_error(&res));
    }
    let res = upload(&app, Some(&admin), "", b"").await;
    assert!(logo_error(&res).contains("Choose"));
    assert_eq!(logo_url(&app, &admin, true).await, None);
}

#[tokio::test]
async fn customers_other_vendors_and_cross_site_posts_cannot_upload() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let support = app.login("support@vendor.example").await;
    let owner = app.login("owner@acme.example").await;

    for cookie in [&owner, &support] {
        let res = upload(&app, Some(cookie), "logo.png", &png(1)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(res.body.contains("Only vendor administrators"));
    }
    let res = upload(&app, None, "logo.png", &png(1)).await;
    assert_eq!(location(&res), "/login");
    // A post from another site is refused before the handler, whoever's cookie it carries.
    let res = upload_on(
        &app,
        DEMO_HOST,
        Some(&admin),
        "logo.png",
        &png(1),
        "https://evil.example",
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(logo_url(&app, &admin, true).await, None);

    // Another vendor's admin: their session means nothing on the demo host, and on their own
    // host the demo account's logo does not exist.
    let other = testing::other_vendor(&app.db, "other", "owner@other.example", PASSWORD).await;
    testing::staff(
        &app.db,
        &testing::passwords(),
        other.account.id,
        "admin@other.example",
        StaffRole::Admin,
    )
    .await;
    let theirs = app
        .login_on(
            "other.keyport.test",
            "admin@other.example",
            testing::TEST_PASSWORD,
        )
        .await;
    let res = upload(&app, Some(&theirs), "logo.png", &png(1)).await;
    assert_eq!(location(&res), "/login");
    assert_eq!(logo_url(&app, &admin, true).await, None);

    let res = upload(&app, Some(&admin), "logo.png", &png(2)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let url = logo_url(&app, &admin, true).await.unwrap();
    app.rpc("/rpc/publish_branding", &[], Some(&admin), DEMO_HOST)
        .await;
    let res = get_on(&app, "other.keyport.test", &url, Some(&theirs)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = get_on(&app, DEMO_HOST, &url, None).await;
    assert_eq!(res.status, StatusCode::OK);
}
