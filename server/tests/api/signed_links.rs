//! Five-minute signed download links: made by vendor staff, used without a session, refused
//! with a sentence when expired, altered, or taken to another vendor's portal; and downloads
//! across vendors refused over HTTP.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use chrono::{Duration, Utc};
use service::releases::signed::{self, LinkClaims, LinkKey};

use crate::helpers::{Answer, DEMO_HOST, PASSWORD, TestApp};

const OTHER_HOST: &str = "other.keyport.test";

async fn get(app: &TestApp, host: &str, path: &str, cookie: Option<&str>) -> Answer {
    let mut req = Request::get(path).header(header::HOST, host);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

/// A published demo file: (file id, its bytes as stored).
async fn demo_file(app: &TestApp) -> (uuid::Uuid, uuid::Uuid, String) {
    let admin = app.login("admin@vendor.example").await;
    let account = app.demo_account_id().await;
    let staff = service::auth::session(&app.db, account, admin.split_once('=').unwrap().1)
        .await
        .unwrap()
        .unwrap();
    let all = service::releases::catalog::for_vendor(&app.db, &service::Scope::of(&staff))
        .await
        .unwrap();
    let release = all
        .iter()
        .find(|r| r.status == "published" && r.version == "2.4.1")
        .expect("a published demo release");
    (
        release.id,
        release.files[0].id,
        release.files[0].name.clone(),
    )
}

fn message(res: &Answer) -> String {
    res.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn staff_make_a_link_that_downloads_without_signing_in() {
    let app = TestApp::new().await;
    let (_, file, name) = demo_file(&app).await;
    let admin = app.login("admin@vendor.example").await;
    let made = app
        .rpc(
            "/rpc/create_download_link",
            &[("file", &file.to_string())],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let link = made.json();
    let path = link["path"].as_str().unwrap().to_owned();
    assert!(path.starts_with("/downloads/signed/"), "{path}");
    // Seconds since 1970, as every date the browser gets (`app::time::Timestamp`).
    let expires = link["expires_at"].as_i64().expect("expires_at in seconds");
    let expires = chrono::DateTime::<Utc>::from_timestamp(expires, 0).unwrap();
    let left = expires - Utc::now();
    assert!(
        left > Duration::minutes(4) && left <= Duration::minutes(5),
        "{left}"
    );

    // No cookie: the link is the permission.
    let got = get(&app, DEMO_HOST, &path, None).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    assert!(
        got.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(&name)
    );
    let part = {
        let req = Request::get(&path)
            .header(header::HOST, DEMO_HOST)
            .header(header::RANGE, "bytes=0-9")
            .body(Body::empty())
            .unwrap();
        app.send(req).await
    };
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.body.as_bytes(), &got.body.as_bytes()[..10]);

    // The browser form lands back on the list, which shows the link.
    let form = crate::helpers::encode(&[("file", &file.to_string())]);
    let req = Request::post("/rpc/create_download_link")
        .header(header::HOST, DEMO_HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, &admin)
        .body(Body::from(form))
        .unwrap();
    let res = app.send(req).await;
    let to = res.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(to.starts_with("/vendor/releases?link="), "{to}");
    let page = app.get(&to, Some(&admin)).await;
    assert!(
        page.body
            .contains("Anyone with this link can download the file for 5 minutes"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"/downloads/signed/"));

    // Customers cannot make links.
    let owner = app.login("owner@acme.example").await;
    let refused = app
        .rpc(
            "/rpc/create_download_link",
            &[("file", &file.to_string())],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn expired_tampered_and_yanked_links_say_why() {
    let app = TestApp::new().await;
    let (release, file, _) = demo_file(&app).await;
    let key = LinkKey::from_master(&app.master_key);
    let account = app.demo_account_id().await;
    let expired = signed::mint(
        &key,
        &LinkClaims {
            account_id: account,
            file_id: file,
            expires_at: Utc::now() - Duration::seconds(1),
        },
    );
    let res = get(
        &app,
        DEMO_HOST,
        &format!("/downloads/signed/{expired}"),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::GONE);
    assert_eq!(
        message(&res),
        "This download link has expired; ask the vendor for a new one."
    );

    let (good, _) = signed::create(&app.db, &key, account, file, Utc::now())
        .await
        .unwrap();
    // One character changed, or the token cut short.
    let mut chars: Vec<char> = good.chars().collect();
    chars[20] = if chars[20] == 'A' { 'B' } else { 'A' };
    let altered: String = chars.into_iter().collect();
    for bad in [altered.as_str(), &good[..good.len() - 4], "not-a-token"] {
        let res = get(&app, DEMO_HOST, &format!("/downloads/signed/{bad}"), None).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{bad}");
        assert_eq!(
            message(&res),
            "This download link is not valid: it was altered or cut short."
        );
    }
    // A link made by another server (another master key) is no better.
    let foreign = LinkKey::from_master(&service::crypto::MasterKey::generate());
    let (theirs, _) = signed::create(&app.db, &foreign, account, file, Utc::now())
        .await
        .unwrap();
    let res = get(
        &app,
        DEMO_HOST,
        &format!("/downloads/signed/{theirs}"),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    service::releases::publish::yank(&app.db, account, release)
        .await
        .unwrap();
    let res = get(&app, DEMO_HOST, &format!("/downloads/signed/{good}"), None).await;
    assert_eq!(res.status, StatusCode::GONE);
    assert_eq!(res.json()["error"], "yanked");
}

#[tokio::test]
async fn links_and_downloads_never_cross_vendors() {
    let app = TestApp::new().await;
    let (_, file, _) = demo_file(&app).await;
    let other =
        service::testing::other_vendor(&app.db, "other", "owner@other.example", PASSWORD).await;
    let key = LinkKey::from_master(&app.master_key);
    let account = app.demo_account_id().await;
    let (demo_link, _) = signed::create(&app.db, &key, account, file, Utc::now())
        .await
        .unwrap();
    let res = get(
        &app,
        OTHER_HOST,
        &format!("/downloads/signed/{demo_link}"),
        None,
    )
    .await;
    // Exactly what a forged link gets: nothing says the link is real elsewhere.
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        message(&res),
        "This download link is not valid: it was altered or cut short."
    );
    // A link naming the other account but a demo file finds nothing there.
    let crafted = signed::mint(
        &key,
        &LinkClaims {
            account_id: other.account.id,
            file_id: file,
            expires_at: Utc::now() + Duration::minutes(5),
        },
    );
    let res = get(
        &app,
        OTHER_HOST,
        &format!("/downloads/signed/{crafted}"),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The other vendor's staff-less account cannot mint one for a demo file either.
    assert!(
        signed::create(&app.db, &key, other.account.id, file, Utc::now())
            .await
            .is_err()
    );

    // The regular route: a demo customer's download path, asked by the other vendor's owner on
    // their own host, and by the demo owner on the other host.
    let owner = app.login("owner@acme.example").await;
    let page = app.get("/releases", Some(&owner)).await;
    let href = page
        .body
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.starts_with("/downloads/") && !h.starts_with("/downloads/signed/"))
        .expect("a download link")
        .to_owned();
    assert_eq!(
        get(&app, DEMO_HOST, &href, Some(&owner)).await.status,
        StatusCode::OK
    );
    let theirs = app
        .login_on(OTHER_HOST, "owner@other.example", PASSWORD)
        .await;
    let res = get(&app, OTHER_HOST, &href, Some(&theirs)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = get(&app, OTHER_HOST, &href, Some(&owner)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}
