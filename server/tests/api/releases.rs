//! Releases end to end: publish through the CLI code path, list as each role, download with
//! and without Range, resume after a cut, refusals, and audit rows.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use server::{
    cli::{PublishArgs, StorageArgs, StoreArgs},
    commands::release::publish_files,
};
use service::{
    Principal, Scope,
    releases::catalog::{self, ReleaseEntry},
};

use crate::helpers::{Answer, DEMO_HOST, TestApp};

/// Writes `files` to a fresh directory and publishes them as the CLI would.
async fn publish(
    app: &TestApp,
    product: &str,
    version: &str,
    channel: &str,
    files: &[(&str, &[u8])],
) -> Result<uuid::Uuid, String> {
    let dir = std::env::temp_dir().join(format!("keyport-publish-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let notes = dir.join("notes.md");
    std::fs::write(&notes, "## What's new\n\n<script>alert(1)</script> Faster.").unwrap();
    let paths = files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    let args = PublishArgs {
        store: StoreArgs {
            data_dir: dir.clone(),
            database_url: None,
        },
        storage: StorageArgs {
            storage_dir: None,
            upload_max_bytes: 1 << 20,
            s3_bucket: None,
            s3_region: "us-east-1".into(),
            s3_endpoint: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
        },
        account: "demo".into(),
        product: product.into(),
        version: version.into(),
        channel: channel.into(),
        platform: "linux".into(),
        arch: "x86_64".into(),
        notes: Some(notes),
        files: paths,
    };
    let out = publish_files(&app.db, &app.store, &args)
        .await
        .map_err(|e| e.to_string());
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

async fn principal(app: &TestApp, cookie: &str) -> Principal {
    let token = cookie.split_once('=').expect("name=value").1;
    let account = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .unwrap();
    service::auth::session(&app.db, account.id, token)
        .await
        .unwrap()
        .expect("session")
}

async fn listed(app: &TestApp, cookie: &str) -> Vec<ReleaseEntry> {
    let p = principal(app, cookie).await;
    catalog::for_customer(&app.db, &Scope::of(&p), None)
        .await
        .unwrap()
}

async fn download(app: &TestApp, path: &str, cookie: Option<&str>, range: Option<&str>) -> Answer {
    let mut req = Request::get(path).header(header::HOST, DEMO_HOST);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(r) = range {
        req = req.header(header::RANGE, r);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

async fn downloads_audited(app: &TestApp) -> usize {
    let admin = app.login("admin@vendor.example").await;
    let staff = principal(app, &admin).await;
    let (rows, _) = service::audit::list(&app.db, &Scope::of(&staff), None, 100)
        .await
        .unwrap();
    rows.iter()
        .filter(|r| r.action == "release.download")
        .count()
}

const BYTES: &[u8] = b"Northwind Studio 9.1.0 for Linux, a small but real file.";

#[tokio::test]
async fn customers_download_exactly_what_they_are_eligible_for() {
    let app = TestApp::new().await;
    assert!(
        publish(
            &app,
            "Northwind Studio",
            "9.1",
            "stable",
            &[("a.bin", b"x")]
        )
        .await
        .unwrap_err()
        .contains("semantic version")
    );
    publish(
        &app,
        "Northwind Studio",
        "9.1.0",
        "stable",
        &[("northwind-studio-9.1.0.tar.gz", BYTES)],
    )
    .await
    .unwrap();
    publish(
        &app,
        "Northwind Studio",
        "9.2.0-beta.1",
        "nightly",
        &[("northwind-studio-9.2.0-beta.1.tar.gz", b"beta")],
    )
    .await
    .unwrap();

    let owner = app.login("owner@acme.example").await;
    let rows = listed(&app, &owner).await;
    let stable = rows
        .iter()
        .find(|r| r.version == "9.1.0")
        .expect("stable listed");
    assert!(
        !stable.notes_html.contains("<script"),
        "{}",
        stable.notes_html
    );
    let license = stable
        .license_id
        .expect("the owner has a current Northwind Studio license");
    let beta = rows
        .iter()
        .find(|r| r.version == "9.2.0-beta.1")
        .expect("beta listed");
    assert_eq!(beta.license_id, None);
    assert!(
        beta.reason.as_deref().unwrap().contains("not nightly"),
        "{beta:?}"
    );
    let file = &stable.files[0];
    let path = format!("/downloads/{license}/{}", file.id);

    // Whole file: headers and bytes.
    let before = downloads_audited(&app).await;
    let whole = download(&app, &path, Some(&owner), None).await;
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.body);
    assert_eq!(whole.body.as_bytes(), BYTES);
    let h = |name| {
        whole
            .headers
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(h(header::CONTENT_LENGTH), BYTES.len().to_string());
    assert_eq!(h(header::ACCEPT_RANGES), "bytes");
    assert_eq!(h(header::ETAG), format!("\"{}\"", file.sha256));
    assert!(
        h(header::CONTENT_DISPOSITION)
            .starts_with("attachment; filename=\"northwind-studio-9.1.0.tar.gz\"")
    );
    assert_eq!(
        downloads_audited(&app).await,
        before + 1,
        "one event per completed download"
    );

    // A cut after 10 bytes, then a resume: one more event, for the resume only.
    let head = download(&app, &path, Some(&owner), Some("bytes=0-9")).await;
    assert_eq!(head.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(head.body.as_bytes(), &BYTES[..10]);
    assert_eq!(
        head.headers[header::CONTENT_RANGE],
        format!("bytes 0-9/{}", BYTES.len())
    );
    assert_eq!(
        downloads_audited(&app).await,
        before + 1,
        "a partial range is not a download"
    );
    let rest = download(&app, &path, Some(&owner), Some("bytes=10-")).await;
    assert_eq!(rest.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!([head.body.as_bytes(), rest.body.as_bytes()].concat(), BYTES);
    assert_eq!(downloads_audited(&app).await, before + 2);

    for bad in ["bytes=999-", "bytes=5-2", "bytes=x", "items=0-1"] {
        let res = download(&app, &path, Some(&owner), Some(bad)).await;
        assert_eq!(res.status, StatusCode::RANGE_NOT_SATISFIABLE, "{bad}");
        assert_eq!(
            res.headers[header::CONTENT_RANGE],
            format!("bytes */{}", BYTES.len())
        );
    }

    // Signed out, a role without releases.download, another customer, another license.
    assert_eq!(
        download(&app, &path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let viewer = app.login("viewer@acme.example").await;
    let denied = download(&app, &path, Some(&viewer), None).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
    let solo = app.login("solo@example.com").await;
    let other = download(&app, &path, Some(&solo), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
    assert!(!other.body.contains("9.1.0"));
    let beta_path = format!("/downloads/{license}/{}", beta.files[0].id);
    let ineligible = download(&app, &beta_path, Some(&owner), None).await;
    assert_eq!(ineligible.status, StatusCode::FORBIDDEN);
    assert!(
        ineligible.json()["message"]
            .as_str()
            .unwrap()
            .contains("not nightly"),
        "{}",
        ineligible.body
    );
    assert_eq!(
        download(&app, "/downloads/x/y", Some(&owner), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Yanked: the link says why.
    let account = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .unwrap();
    service::releases::publish::yank(&app.db, account.id, stable.id)
        .await
        .unwrap();
    let gone = download(&app, &path, Some(&owner), None).await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert_eq!(gone.json()["error"], "yanked");
    assert!(listed(&app, &owner).await.iter().all(|r| r.id != stable.id));
    assert_eq!(
        downloads_audited(&app).await,
        before + 2,
        "refusals are not downloads"
    );
}

#[tokio::test]
async fn release_pages_show_eligibility_and_downloads_by_role() {
    let app = TestApp::new().await;
    // Sam's expired Render license: the demo's 1.9.0 came out after it ended.
    let solo = app.login("solo@example.com").await;
    let page = app.get("/releases", Some(&solo)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Latest eligible"), "{}", page.body);
    assert!(
        page.body
            .contains("Not eligible: your license includes the stable channel, not beta")
    );
    assert!(
        page.body.contains("href=\"/downloads/"),
        "members may download"
    );
    assert!(!page.body.contains("<script>alert"), "notes are sanitized");

    let sam = principal(&app, &solo).await;
    let all = catalog::for_customer(&app.db, &Scope::of(&sam), None)
        .await
        .unwrap();
    let ids = app.license_ids(&solo, DEMO_HOST).await;
    let mut saw_reason = false;
    for (id, _) in ids {
        let page = app
            .get(&format!("/licenses/{id}/releases"), Some(&solo))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        saw_reason |= page.body.contains("Not eligible: your license ended on");
    }
    assert!(
        saw_reason,
        "an expired license explains why newer releases are out of reach"
    );
    assert!(!all.is_empty());

    let viewer = app.login("viewer@acme.example").await;
    let page = app.get("/releases", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Eligible"));
    assert!(
        !page.body.contains("/downloads/"),
        "no download buttons without releases.download"
    );

    let admin = app.login("admin@vendor.example").await;
    let vendor = app.get("/vendor/releases", Some(&admin)).await;
    assert!(
        vendor.body.contains("2.5.0-beta.1") && vendor.body.contains("Yank"),
        "{}",
        vendor.body
    );
    let res = app
        .rpc("/rpc/list_vendor_releases", &[], Some(&viewer), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let other = app
        .get(
            "/licenses/00000000-0000-0000-0000-000000000000/releases",
            Some(&solo),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}
