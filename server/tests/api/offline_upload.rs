//! The portal's offline upload routes: upload, review, confirm and download, as a browser does
//! it without JavaScript (redirects) and hydrated (JSON); the bad-input corpus; who may do it.

#[path = "../../../sdk/tests/support/corpus_cases.rs"]
mod corpus_cases;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::{
    entities::{license, offline_upload, organization, product, user},
    licenses::NewLicense,
    testing::fingerprint,
};
use uuid::Uuid;

use crate::helpers::{Answer, DEMO_HOST, TestApp};
use app::api::settings::UpdateOfflineMaxAge;
use leptos::server_fn::ServerFn;

const BOUNDARY: &str = "keyport-offline-boundary";

fn multipart(file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"request.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(
        format!("\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n--{BOUNDARY}--\r\n")
            .as_bytes(),
    );
    body
}

fn post(
    path: &str,
    cookie: &str,
    content_type: &str,
    accept: &str,
    body: Vec<u8>,
) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, DEMO_HOST)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, accept)
        .header(header::COOKIE, cookie)
        .header("origin", format!("http://{DEMO_HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap()
}

async fn stage(app: &TestApp, cookie: &str, file: &[u8], accept: &str) -> Answer {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    app.send(post(
        "/offline/upload/activation",
        cookie,
        &content_type,
        accept,
        multipart(file),
    ))
    .await
}

async fn confirm(app: &TestApp, cookie: &str, review: &str) -> Answer {
    app.send(post(
        "/offline/upload/activation/confirm",
        cookie,
        "application/x-www-form-urlencoded",
        "text/html",
        format!("review={review}").into_bytes(),
    ))
    .await
}

fn location(res: &Answer) -> String {
    let raw = res.headers[header::LOCATION].to_str().unwrap();
    // Percent-decoding of the `error` sentence.
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&raw[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A license of Max (member@acme.example) that allows offline use, and a fresh request for it.
async fn license_and_request(app: &TestApp, machine: &str) -> (Uuid, String) {
    license_and_request_made(app, machine, Utc::now()).await
}

async fn license_and_request_made(
    app: &TestApp,
    machine: &str,
    created_at: chrono::DateTime<Utc>,
) -> (Uuid, String) {
    let account_id = app.demo_account_id().await;
    let product = product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let acme = organization::Entity::find()
        .filter(organization::Column::Name.eq("Acme Corp"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let max = user::Entity::find()
        .filter(user::Column::Email.eq("member@acme.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let new = NewLicense {
        product_id: product.id,
        organization_id: Some(acme.id),
        owner_user_id: Some(max.id),
        allowed_activations: Some(1),
        offline_allowed: true,
        offline_lease_days: Some(30),
        ..Default::default()
    };
    let (id, key) = service::licenses::create(&app.db, account_id, new)
        .await
        .unwrap();
    let client = sdk::keys::signing_key_from_seed([42; 32]);
    let request = sdk::ActivationRequest {
        v: 1,
        kind: sdk::documents::ActivateType::Activate,
        request_id: Uuid::new_v4(),
        created_at,
        product_id: product.id,
        license_key: key.as_str().to_owned(),
        fingerprint: fingerprint(machine),
        host: sdk::Host {
            hostname: machine.into(),
            os: "Linux 6.8".into(),
            app_version: "4.2.1".into(),
        },
        client_pub: sdk::keys::encode_public_key(&client.verifying_key()),
    };
    (id, sdk::seal(&request, &client))
}

async fn seats(app: &TestApp, license_id: Uuid) -> i64 {
    license::Entity::find_by_id(license_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .activations_count
}

#[tokio::test]
async fn a_request_is_reviewed_before_it_is_confirmed_and_downloaded() {
    let app = TestApp::new().await;
    let (license_id, file) = license_and_request(&app, "air-gapped-01").await;
    let max = app.login("member@acme.example").await;

    let res = stage(&app, &max, file.as_bytes(), "text/html").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let to = location(&res);
    let review = to
        .strip_prefix("/offline/activate?review=")
        .unwrap_or_else(|| panic!("{to}"))
        .to_owned();
    assert_eq!(
        seats(&app, license_id).await,
        0,
        "nothing happens before confirming"
    );

    // The review page says what the file asks for.
    let page = app.get(&to, Some(&max)).await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "Activate this machine?",
        "air-gapped-01",
        "Linux 6.8",
        "4.2.1",
    ] {
        assert!(page.body.contains(shown), "{shown} missing from the review");
    }

    // Someone else of the organization cannot see or confirm it.
    let olivia = app.login("owner@acme.example").await;
    let theirs = app.get(&to, Some(&olivia)).await;
    assert!(theirs.body.contains("no longer waiting for you"));
    assert!(!theirs.body.contains("air-gapped-01"));
    let refused = confirm(&app, &olivia, &review).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(
        location(&refused).contains("no longer waiting"),
        "{}",
        location(&refused)
    );
    assert_eq!(seats(&app, license_id).await, 0);

    // Confirming leads to the page that says it is done, which offers the file.
    let res = confirm(&app, &max, &review).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(location(&res), format!("/offline/activate?done={review}"));
    assert_eq!(seats(&app, license_id).await, 1);
    let done = app.get(&location(&res), Some(&max)).await;
    assert_eq!(done.status, StatusCode::OK);
    for shown in [
        "The machine is activated",
        "air-gapped-01 is activated on",
        "Download the response file",
    ] {
        assert!(
            done.body.contains(shown),
            "{shown} missing from the done page"
        );
    }
    assert!(!done.body.contains("Activate this machine?"));
    // Nobody else sees what it did.
    let theirs = app.get(&location(&res), Some(&olivia)).await;
    assert!(theirs.body.contains("no longer kept"), "{}", theirs.body);
    assert!(!theirs.body.contains("air-gapped-01"));
    // It cannot be confirmed twice.
    let again = confirm(&app, &max, &review).await;
    assert!(
        location(&again).contains("no longer waiting"),
        "{}",
        location(&again)
    );

    // The file, as often as needed, for the uploader only.
    let file_path = format!("/offline/upload/activation/answer/{review}");
    let theirs = app.get(&file_path, Some(&olivia)).await;
    assert_eq!(theirs.status, StatusCode::SEE_OTHER);
    assert!(theirs.headers.get(header::CONTENT_DISPOSITION).is_none());
    let res = app.get(&file_path, Some(&max)).await;
    assert_eq!(
        res.status,
        StatusCode::OK,
        "{:?}",
        res.headers.get(header::LOCATION)
    );
    let first = res.body.clone();
    let disposition = res.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"northwind-software-activation-"),
        "{disposition}"
    );
    assert!(
        res.body
            .starts_with("-----BEGIN KEYPORT ACTIVATION RESPONSE-----")
    );
    assert_eq!(app.get(&file_path, Some(&max)).await.body, first);
    assert_eq!(seats(&app, license_id).await, 1);
    assert_eq!(
        crate::licensing_rules::channel(&app.db, "license.activate", license_id).await,
        "offline"
    );

    // Hydrated, the same upload answers JSON.
    let res = stage(&app, &max, file.as_bytes(), "application/json").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(Uuid::parse_str(res.json()["review"].as_str().unwrap()).is_ok());
}

#[tokio::test]
async fn every_corpus_file_comes_back_to_the_page_with_its_sentence() {
    let app = TestApp::new().await;
    let max = app.login("member@acme.example").await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/tests/corpus");
    for (name, deactivation, expected) in corpus_cases::CASES {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let route = if *deactivation {
            "deactivation"
        } else {
            "activation"
        };
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let res = app
            .send(post(
                &format!("/offline/upload/{route}"),
                &max,
                &content_type,
                "text/html",
                multipart(&bytes),
            ))
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{name}: {}", res.body);
        let to = location(&res);
        assert!(to.contains("?error="), "{name}: {to}");
        assert!(
            to.to_lowercase().contains(&expected.to_lowercase()),
            "{name}: {to}"
        );
        // Hydrated: the same sentence as JSON, with 422.
        let res = app
            .send(post(
                &format!("/offline/upload/{route}"),
                &max,
                &content_type,
                "application/json",
                multipart(&bytes),
            ))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let message = res.json()["message"].as_str().unwrap().to_lowercase();
        assert!(
            message.contains(&expected.to_lowercase()),
            "{name}: {message}"
        );
    }
    assert_eq!(
        offline_upload::Entity::find().count(&app.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn without_the_permission_or_over_the_cap_nothing_is_read() {
    let app = TestApp::new().await;
    let (license_id, file) = license_and_request(&app, "air-gapped-02").await;
    let viewer = app.login("viewer@acme.example").await;
    let res = stage(&app, &viewer, file.as_bytes(), "text/html").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(location(&res).contains("You are not allowed to do this."));

    let max = app.login("member@acme.example").await;
    let huge = vec![b'A'; server::offline_upload::BODY_LIMIT + 1];
    let res = stage(&app, &max, &huge, "text/html").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        location(&res).contains("The upload is larger than 256 KiB"),
        "{}",
        location(&res)
    );
    // Sent without a length (chunked), the same.
    let mut chunked = post(
        "/offline/upload/activation",
        &max,
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        "text/html",
        multipart(&huge),
    );
    chunked.headers_mut().remove(header::CONTENT_LENGTH);
    let res = app.send(chunked).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        location(&res).contains("The upload is larger than 256 KiB"),
        "{}",
        location(&res)
    );
    assert_eq!(
        offline_upload::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert_eq!(seats(&app, license_id).await, 0);
}

#[tokio::test]
async fn staff_set_the_maximum_age_and_older_requests_are_refused_with_it() {
    let app = TestApp::new().await;
    let (_, file) = license_and_request_made(
        &app,
        "air-gapped-03",
        Utc::now() - chrono::Duration::days(3),
    )
    .await;
    let max = app.login("member@acme.example").await;
    let admin = app.login("admin@vendor.example").await;

    // A customer may not change it; a bad number is refused next to the field.
    let res = app
        .rpc(
            UpdateOfflineMaxAge::PATH,
            &[("offline_max_age_days", "2")],
            Some(&max),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = app
        .rpc(
            UpdateOfflineMaxAge::PATH,
            &[("offline_max_age_days", "two")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("whole number of days"), "{}", res.body);

    // Three days old is within the default week.
    let res = stage(&app, &max, file.as_bytes(), "application/json").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let res = app
        .rpc(
            UpdateOfflineMaxAge::PATH,
            &[("offline_max_age_days", "2")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let res = stage(&app, &max, file.as_bytes(), "application/json").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let message = res.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("accepted for 2 days"), "{message}");
}

#[tokio::test]
async fn a_cross_site_upload_is_refused_with_a_sentence_in_the_pages_terms() {
    let app = TestApp::new().await;
    let max = app.login("member@acme.example").await;
    let (_, file) = license_and_request(&app, "cross-site").await;
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let sentence = "Cross-site requests are not accepted: open the page on this site and send the form from there.";
    for accept in ["application/json", "text/html"] {
        let mut req = post(
            "/offline/upload/activation",
            &max,
            &content_type,
            accept,
            multipart(file.as_bytes()),
        );
        req.headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().unwrap());
        req.headers_mut()
            .insert("origin", "https://evil.example".parse().unwrap());
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{accept}");
        if accept == "application/json" {
            assert_eq!(res.json(), serde_json::json!({ "message": sentence }));
        } else {
            assert!(
                res.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            assert!(res.body.contains(sentence), "{}", res.body);
            assert!(!res.body.contains("BadRequest"));
        }
    }
    assert_eq!(
        offline_upload::Entity::find().count(&app.db).await.unwrap(),
        0,
        "nothing was held"
    );
}
