//! The console's upload form (`POST /vendor/releases/upload`): what a vendor admin sees after
//! sending it, what customers can then download, and every refusal leaving nothing published.

use axum::{
    body::{Body, Bytes},
    http::{Request, StatusCode, header},
};
use service::{
    Scope,
    releases::catalog::{self, ReleaseEntry},
};

use crate::helpers::{Answer, DEMO_HOST, TestApp};

const BOUNDARY: &str = "keyport-test-boundary";

/// A multipart body as a browser writes it: text fields, then files (name, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (file, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; \
                 filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn fields(version: &str) -> Vec<(&'static str, String)> {
    vec![
        ("product", "Northwind Studio".into()),
        ("version", version.into()),
        ("channel", "stable".into()),
        ("platform", "linux".into()),
        ("arch", "x86_64".into()),
        (
            "notes",
            "## New\n\n<script>alert(1)</script>Uploaded from the console.".into(),
        ),
    ]
}

fn request(cookie: Option<&str>, body: Body, extra: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::post("/vendor/releases/upload")
        .header(header::HOST, DEMO_HOST)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .header("origin", format!("http://{DEMO_HOST}"))
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let mut req = req.body(body).unwrap();
    for (k, v) in extra {
        let name: header::HeaderName = k.parse().unwrap();
        req.headers_mut().insert(name, v.parse().unwrap());
    }
    req
}

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    version: &str,
    files: &[(&str, &[u8])],
    extra: &[(&str, &str)],
) -> Answer {
    let f = fields(version);
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = multipart(&pairs, files);
    app.send(request(cookie, Body::from(body), extra)).await
}

async fn vendor_list(app: &TestApp) -> Vec<ReleaseEntry> {
    let admin = app.login("admin@vendor.example").await;
    let token = admin.split_once('=').unwrap().1.to_owned();
    let account = app.demo_account_id().await;
    let staff = service::auth::session(&app.db, account, &token)
        .await
        .unwrap()
        .unwrap();
    catalog::for_vendor(&app.db, &Scope::of(&staff))
        .await
        .unwrap()
}

async fn has_version(app: &TestApp, version: &str) -> bool {
    vendor_list(app).await.iter().any(|r| r.version == version)
}

fn location(res: &Answer) -> String {
    res.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no redirect: {} {}", res.status, res.body))
}

/// The sentence a redirect back to the form carries.
fn error_of(res: &Answer) -> String {
    let loc = location(res);
    let (_, query) = loc.split_once("error=").expect("an error in the redirect");
    // The sentence, without the fragment or the server's signature (`&flash=`).
    let encoded = query.split(['#', '&']).next().unwrap();
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn an_admin_uploads_a_release_that_customers_then_download() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let first: &[u8] = b"Northwind Studio 9.7.0 for Linux, uploaded in a browser.";
    let second: &[u8] = b"checksums";
    let res = upload(
        &app,
        Some(&admin),
        "9.7.0",
        &[("northwind-9.7.0.tar.gz", first), ("SHA256SUMS", second)],
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(location(&res), "/vendor/releases?saved=uploaded");
    let page = app
        .get("/vendor/releases?saved=uploaded", Some(&admin))
        .await;
    assert!(
        page.body
            .contains("The release was uploaded and published.")
            && page.body.contains("9.7.0")
            && page.body.contains("northwind-9.7.0.tar.gz"),
        "{}",
        page.body
    );

    let listed = vendor_list(&app).await;
    let release = listed.iter().find(|r| r.version == "9.7.0").unwrap();
    assert_eq!(release.status, "published");
    assert_eq!(release.files.len(), 2);
    let file = release
        .files
        .iter()
        .find(|f| f.name == "northwind-9.7.0.tar.gz")
        .unwrap();
    use sha2::Digest;
    assert_eq!(file.sha256, hex::encode(sha2::Sha256::digest(first)));
    assert_eq!(file.size, first.len() as i64);
    assert!(!release.notes_html.contains("<script"));

    // The owner of a current Northwind Studio license downloads exactly those bytes.
    let owner = app.login("owner@acme.example").await;
    let page = app.get("/releases", Some(&owner)).await;
    let href = page
        .body
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.starts_with("/downloads/") && h.ends_with(&file.id.to_string()))
        .unwrap_or_else(|| panic!("no download link for the upload: {}", page.body));
    let req = Request::get(href)
        .header(header::HOST, DEMO_HOST)
        .header(header::COOKIE, &owner)
        .body(Body::empty())
        .unwrap();
    let got = app.send(req).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body.as_bytes(), first);

    let staff = service::auth::session(
        &app.db,
        app.demo_account_id().await,
        admin.split_once('=').unwrap().1,
    )
    .await
    .unwrap()
    .unwrap();
    let (rows, _) = service::audit::list(&app.db, &Scope::of(&staff), None, 100)
        .await
        .unwrap();
    let event = rows
        .iter()
        .find(|r| r.action == "release.publish")
        .expect("an audit event for the upload");
    assert_eq!(event.actor_email, "admin@vendor.example");
    assert_eq!(event.target_id, release.id.to_string());
}

#[tokio::test]
async fn the_enhanced_form_gets_the_sentence_as_json() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let json = [("accept", "application/json")];
    let ok = upload(&app, Some(&admin), "9.7.1", &[("a.bin", b"a")], &json).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(
        ok.json()["message"],
        "Northwind Studio 9.7.1 was published with 1 file."
    );
    // The console's select names the product by id; the sentence still names the product.
    let product_id = vendor_list(&app)
        .await
        .iter()
        .find(|r| r.product_name == "Northwind Studio")
        .expect("a Northwind Studio release")
        .product_id
        .to_string();
    let mut by_id = fields("9.7.2");
    by_id[0].1 = product_id;
    let pairs: Vec<(&str, &str)> = by_id.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = multipart(&pairs, &[("b.bin", b"b")]);
    let ok = app
        .send(request(Some(&admin), Body::from(body), &json))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(
        ok.json()["message"],
        "Northwind Studio 9.7.2 was published with 1 file."
    );
    let bad = upload(&app, Some(&admin), "9.7", &[("a.bin", b"a")], &json).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["message"]
            .as_str()
            .unwrap()
            .contains("semantic version"),
        "{}",
        bad.body
    );
}

#[tokio::test]
async fn bad_versions_and_path_names_are_refused_with_the_reason() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let res = upload(&app, Some(&admin), "9.8", &[("a.bin", b"a")], &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        error_of(&res).contains("semantic version"),
        "{}",
        error_of(&res)
    );
    let page = app.get(&location(&res), Some(&admin)).await;
    assert!(page.body.contains("semantic version"), "the form shows why");
    assert!(!has_version(&app, "9.8").await);

    // A good file, then one whose name climbs out of its directory: nothing half-published.
    for bad in ["../../etc/passwd", "..\\boot.ini", ".hidden"] {
        let res = upload(
            &app,
            Some(&admin),
            "9.8.0",
            &[("good.bin", b"good"), (bad, b"evil")],
            &[],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{bad}");
        assert!(
            error_of(&res).contains("cannot be a path or start with a dot"),
            "{bad}: {}",
            error_of(&res)
        );
        assert!(
            !has_version(&app, "9.8.0").await,
            "{bad} left a release behind"
        );
    }
    let none = upload(&app, Some(&admin), "9.8.1", &[], &[]).await;
    assert_eq!(error_of(&none), "Choose at least one file to upload.");
    assert!(!has_version(&app, "9.8.1").await, "no draft is left over");
}

#[tokio::test]
async fn a_file_over_the_cap_is_413_and_publishes_nothing() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let big = vec![7u8; (1 << 20) + 1];
    let res = upload(
        &app,
        Some(&admin),
        "9.9.0",
        &[("small.bin", b"small"), ("big.bin", &big)],
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        res.body
            .contains("The file big.bin is larger than the upload limit of 1 MiB"),
        "{}",
        res.body
    );
    assert!(res.body.contains("href=\"/vendor/releases\""));
    assert!(!has_version(&app, "9.9.0").await);
}

#[tokio::test]
async fn an_interrupted_upload_publishes_nothing() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let f = fields("9.9.1");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let whole = multipart(&pairs, &[("cut.bin", &[1u8; 4096])]);
    // The connection drops half-way through the file.
    let head = Bytes::from(whole[..whole.len() - 2048].to_vec());
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(head), Err(std::io::Error::other("connection reset"))];
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let res = app.send(request(Some(&admin), body, &[])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(error_of(&res).contains("nothing"), "{}", error_of(&res));
    assert!(!has_version(&app, "9.9.1").await);
}

#[tokio::test]
async fn only_vendor_admins_from_the_same_site_may_upload() {
    let app = TestApp::new().await;
    let customer = app.login("owner@acme.example").await;
    let res = upload(&app, Some(&customer), "9.9.2", &[("a.bin", b"a")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(
        res.body
            .contains("Only vendor administrators can publish releases.")
    );

    let anonymous = upload(&app, None, "9.9.2", &[("a.bin", b"a")], &[]).await;
    assert_eq!(location(&anonymous), "/login");

    let admin = app.login("admin@vendor.example").await;
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let f = fields("9.9.2");
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut req = request(
            Some(&admin),
            Body::from(multipart(&pairs, &[("a.bin", b"a")])),
            &[],
        );
        req.headers_mut().insert(name, value.parse().unwrap());
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    assert!(!has_version(&app, "9.9.2").await);
}
