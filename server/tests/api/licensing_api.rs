//! The licensing REST API: the happy path with signed answers, every error code, the OpenAPI
//! document.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use service::{
    entities::{license, product},
    licenses::{self, LicenseStatus, NewLicense},
    testing::fingerprint,
};
use uuid::Uuid;

use crate::helpers::TestApp;

pub(crate) struct Fixture {
    pub app: TestApp,
    pub account_id: Uuid,
    pub product_id: Uuid,
}

pub(crate) async fn fixture() -> Fixture {
    let app = TestApp::new().await;
    let account_id = app.demo_account_id().await;
    let product_id = product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    Fixture {
        app,
        account_id,
        product_id,
    }
}

impl Fixture {
    pub async fn license(&self, edit: impl FnOnce(&mut NewLicense)) -> (Uuid, String) {
        let org = service::entities::organization::Entity::find()
            .filter(service::entities::organization::Column::AccountId.eq(self.account_id))
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut new = NewLicense {
            product_id: self.product_id,
            organization_id: Some(org),
            allowed_activations: Some(1),
            offline_allowed: true,
            offline_lease_days: Some(30),
            ..Default::default()
        };
        edit(&mut new);
        let (id, key) = licenses::create(&self.app.db, self.account_id, new)
            .await
            .unwrap();
        (id, key.as_str().to_owned())
    }

    pub async fn activate(&self, key: &str, machine: &str) -> (StatusCode, Value) {
        let res = self
            .app
            .api(
                "POST",
                "/api/v1/activations",
                Some(json!({"license_key": key, "fingerprint": fingerprint(machine), "hostname": machine, "os": "Linux"})),
            )
            .await;
        (res.status, res.json())
    }
}

pub(crate) fn code(v: &Value) -> &str {
    v["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {v}"))
}

#[tokio::test]
async fn a_machine_activates_validates_checks_in_and_deactivates_with_signed_answers() {
    let f = fixture().await;
    let (license_id, key) = f.license(|_| {}).await;
    let client = sdk::keys::signing_key_from_seed([42; 32]);
    let client_pub = sdk::keys::encode_public_key(&client.verifying_key());
    let fp = fingerprint("online-1");
    let request_id = Uuid::new_v4();
    let res = f
        .app
        .api(
            "POST",
            "/api/v1/activations",
            Some(
                json!({"license_key": key, "fingerprint": fp, "hostname": "online-1", "os": "Linux",
                "app_version": "1.2.3", "client_pub": client_pub, "request_id": request_id}),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let answer = res.json();
    assert_eq!(answer["created"], true);
    let activation_id: Uuid = answer["activation_id"].as_str().unwrap().parse().unwrap();

    // The public-key route gives the key that verifies the certificate and the validation.
    let keys = f
        .app
        .api(
            "GET",
            &format!("/api/v1/products/{}/public-key", f.product_id),
            None,
        )
        .await;
    assert_eq!(keys.status, StatusCode::OK);
    let keys = keys.json();
    let kid = keys["keys"][0]["kid"].as_str().unwrap().to_owned();
    let public =
        sdk::keys::parse_public_key(keys["keys"][0]["public_key"].as_str().unwrap()).unwrap();
    let by_kid = |k: &str| (k == kid).then_some(public);
    let certificate: sdk::ActivationResponse = sdk::SignedFile::parse(
        sdk::Kind::ActivationResponse,
        answer["certificate"].as_str().unwrap().as_bytes(),
    )
    .unwrap()
    .open_signed_by(by_kid)
    .unwrap();
    assert_eq!(
        (certificate.request_id, certificate.activation_id),
        (request_id, activation_id)
    );

    let res = f
        .app
        .api(
            "POST",
            "/api/v1/licenses/validate",
            Some(json!({"license_key": key, "fingerprint": fp})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    assert_eq!(
        (v["valid"].as_bool(), v["status"].as_str()),
        (Some(true), Some("active"))
    );
    let signed: sdk::Validation = sdk::SignedFile::parse(
        sdk::Kind::Validation,
        v["signed"].as_str().unwrap().as_bytes(),
    )
    .unwrap()
    .open_signed_by(by_kid)
    .unwrap();
    assert!(signed.valid);
    assert_eq!(signed.activation_id, Some(activation_id));

    let beat = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{activation_id}/heartbeat"),
            Some(json!({"license_key": key, "fingerprint": fp})),
        )
        .await;
    assert_eq!(beat.status, StatusCode::OK, "{}", beat.body);

    // A machine with a client key must prove its deactivation with it.
    let by_key = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{activation_id}/deactivate"),
            Some(json!({"license_key": key})),
        )
        .await;
    assert_eq!(
        (by_key.status, code(&by_key.json())),
        (StatusCode::BAD_REQUEST, "INVALID_REQUEST")
    );
    let proof = sdk::seal(
        &sdk::DeactivationRequest {
            v: 1,
            kind: sdk::documents::DeactivateType::Deactivate,
            request_id: Uuid::new_v4(),
            activation_id,
            fingerprint: fp.clone(),
            created_at: Utc::now(),
        },
        &client,
    );
    let res = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{activation_id}/deactivate"),
            Some(json!({"proof": proof})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let receipt: sdk::DeactivationReceipt = sdk::SignedFile::parse(
        sdk::Kind::DeactivationReceipt,
        res.json()["receipt"].as_str().unwrap().as_bytes(),
    )
    .unwrap()
    .open_signed_by(by_kid)
    .unwrap();
    assert_eq!(receipt.activation_id, activation_id);
    let row = license::Entity::find_by_id(license_id)
        .one(&f.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.activations_count, row.deactivations_used), (0, 1));
}

#[tokio::test]
async fn every_error_code_is_answered_as_documented() {
    let f = fixture().await;
    let (_, key) = f.license(|n| n.allowed_deactivations = Some(0)).await;

    let (status, body) = f.activate("KP-NOPE-NOPE-NOPE", "m").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "LICENSE_NOT_FOUND")
    );

    let res = f
        .app
        .api(
            "POST",
            "/api/v1/activations",
            Some(json!({"license_key": key, "fingerprint": "xyz", "hostname": "m"})),
        )
        .await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::BAD_REQUEST, "INVALID_REQUEST")
    );
    let res = f
        .app
        .api("POST", "/api/v1/activations", Some(json!({"license_key": key, "fingerprint": fingerprint("m"), "hostname": "m", "admin": true})))
        .await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::BAD_REQUEST, "INVALID_REQUEST")
    );
    assert!(
        res.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field")
    );

    let (status, first) = f.activate(&key, "seat-1").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, body) = f.activate(&key, "seat-2").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, "ACTIVATION_LIMIT_REACHED")
    );

    let id = first["activation_id"].as_str().unwrap();
    let res = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{id}/heartbeat"),
            Some(json!({"license_key": key, "fingerprint": fingerprint("other")})),
        )
        .await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::CONFLICT, "FINGERPRINT_MISMATCH")
    );
    let res = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{}/heartbeat", Uuid::new_v4()),
            Some(json!({"license_key": key, "fingerprint": fingerprint("seat-1")})),
        )
        .await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::NOT_FOUND, "ACTIVATION_NOT_FOUND")
    );
    let res = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{id}/deactivate"),
            Some(json!({"license_key": key})),
        )
        .await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::CONFLICT, "DEACTIVATION_LIMIT_REACHED")
    );

    for (status, expected) in [
        (LicenseStatus::Suspended, "LICENSE_SUSPENDED"),
        (LicenseStatus::Revoked, "LICENSE_REVOKED"),
    ] {
        let (id, key) = f.license(|_| {}).await;
        licenses::set_status(&f.app.db, f.account_id, id, status)
            .await
            .unwrap();
        let (http, body) = f.activate(&key, "x").await;
        assert_eq!((http, code(&body)), (StatusCode::FORBIDDEN, expected));
    }
    let (_, expired) = f
        .license(|n| n.expires_at = Some(Utc::now() - Duration::days(1)))
        .await;
    let (http, body) = f.activate(&expired, "x").await;
    assert_eq!(
        (http, code(&body)),
        (StatusCode::FORBIDDEN, "LICENSE_EXPIRED")
    );
    let res = f
        .app
        .api(
            "POST",
            "/api/v1/licenses/validate",
            Some(json!({"license_key": expired, "fingerprint": fingerprint("x")})),
        )
        .await;
    assert_eq!(
        (res.json()["valid"].as_bool(), res.json()["code"].as_str()),
        (Some(false), Some("LICENSE_EXPIRED"))
    );

    let res = f
        .app
        .api(
            "GET",
            &format!("/api/v1/products/{}/public-key", Uuid::new_v4()),
            None,
        )
        .await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::NOT_FOUND, "PRODUCT_NOT_FOUND")
    );
    assert_eq!(res.json()["error"]["message"], "No such product.");
}

#[tokio::test]
async fn one_license_key_hammering_the_api_is_rate_limited_with_retry_after() {
    let f = fixture().await;
    let (_, key) = f.license(|_| {}).await;
    let body = json!({"license_key": key, "fingerprint": fingerprint("m")});
    let mut limited = None;
    for _ in 0..40 {
        let res = f
            .app
            .api("POST", "/api/v1/licenses/validate", Some(body.clone()))
            .await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let res = limited.expect("40 calls in a burst are limited");
    assert_eq!(code(&res.json()), "RATE_LIMITED");
    let retry: u64 = res.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    // Another license key is not affected.
    let (_, other) = f.license(|_| {}).await;
    let res = f
        .app
        .api(
            "POST",
            "/api/v1/licenses/validate",
            Some(json!({"license_key": other, "fingerprint": fingerprint("m")})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_each_answers_json() {
    let f = fixture().await;
    let res = f.app.api("GET", "/api/v1/openapi.json", None).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut listed: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    listed.sort();
    let expected = [
        ("GET", "/api/v1/products/{id}/public-key"),
        ("POST", "/api/v1/activations"),
        ("POST", "/api/v1/activations/{id}/deactivate"),
        ("POST", "/api/v1/activations/{id}/heartbeat"),
        ("POST", "/api/v1/licenses/validate"),
    ];
    assert_eq!(
        listed,
        expected.map(|(m, p)| (m.to_owned(), p.to_owned())).to_vec()
    );
    // Each documented route is served by the API (a JSON answer), not the page fallback.
    for (method, path) in expected {
        let path = path.replace("{id}", &Uuid::new_v4().to_string());
        let body = (method == "POST").then(|| json!({}));
        let res = f.app.api(method, &path, body).await;
        assert_eq!(
            res.headers["content-type"], "application/json",
            "{method} {path}: {} {}",
            res.status, res.body
        );
        assert!(res.json()["error"]["code"].is_string(), "{method} {path}");
    }
    for schema in [
        "ActivateBody",
        "ActivateAnswer",
        "ValidateAnswer",
        "DeactivateBody",
        "ErrorBody",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema}"
        );
    }
}

#[tokio::test]
async fn every_error_of_the_api_has_its_json_shape_and_its_document_says_so() {
    let f = fixture().await;
    let (_, key) = f.license(|_| {}).await;
    let machine = json!({"license_key": key, "fingerprint": fingerprint("m")});
    // A malformed id in the address: the API's shape, not axum's plain-text rejection.
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/activations/not-a-uuid/heartbeat",
            Some(machine.clone()),
        ),
        (
            "POST",
            "/api/v1/activations/not-a-uuid/deactivate",
            Some(json!({"license_key": key})),
        ),
        ("GET", "/api/v1/products/not-a-uuid/public-key", None),
        (
            "GET",
            "/api/v1/products/urn:uuid:0192f0c1-0000-7000-8000-000000000001/public-key",
            None,
        ),
    ] {
        let res = f.app.api(method, path, body).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}: {}", res.body);
        assert_eq!(res.headers["content-type"], "application/json", "{path}");
        assert_eq!(code(&res.json()), "INVALID_REQUEST", "{path}");
        assert!(
            res.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("an id is a lowercase hyphenated UUID"),
            "{}",
            res.body
        );
    }
    // Neither or both credentials: one sentence, "exactly one".
    let id = Uuid::new_v4();
    for body in [json!({}), json!({"license_key": key, "proof": "x"})] {
        let res = f
            .app
            .api(
                "POST",
                &format!("/api/v1/activations/{id}/deactivate"),
                Some(body),
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            res.json()["error"]["message"],
            "Send exactly one of `license_key` and `proof`."
        );
    }
    // A refused proof reads as a sentence, without a "file: " prefix.
    let (status, first) = f.activate(&key, "m").await;
    assert_eq!(status, StatusCode::OK);
    let id = first["activation_id"].as_str().unwrap();
    let res = f
        .app
        .api(
            "POST",
            &format!("/api/v1/activations/{id}/deactivate"),
            Some(json!({"proof": "hello"})),
        )
        .await;
    assert_eq!(
        res.json()["error"]["message"],
        "This is not a Keyport file: the line \"-----BEGIN KEYPORT DEACTIVATION REQUEST-----\" is missing."
    );
    // A host name that would display differently than it reads.
    let res = f
        .app
        .api(
            "POST",
            "/api/v1/activations",
            Some(json!({"license_key": key, "fingerprint": fingerprint("n"), "hostname": "build-07\u{202e}gnp.exe"})),
        )
        .await;
    assert_eq!(code(&res.json()), "INVALID_REQUEST");
    assert_eq!(
        res.json()["error"]["message"],
        "The host name contains an invisible or direction-changing character (U+202E)."
    );

    // The document: 400 wherever an id or a body is read, and the deactivation body is
    // exactly one of two shapes.
    let doc = f.app.api("GET", "/api/v1/openapi.json", None).await.json();
    for (path, method) in [
        ("/api/v1/activations", "post"),
        ("/api/v1/licenses/validate", "post"),
        ("/api/v1/activations/{id}/heartbeat", "post"),
        ("/api/v1/activations/{id}/deactivate", "post"),
        ("/api/v1/products/{id}/public-key", "get"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["400"].is_object(),
            "{method} {path} documents no 400"
        );
    }
    let body = &doc["components"]["schemas"]["DeactivateBody"];
    assert_eq!(body["oneOf"].as_array().map(Vec::len), Some(2), "{body}");
    let activate = &doc["components"]["schemas"]["ActivateBody"];
    assert_eq!(activate["properties"]["hostname"]["minLength"], 1);
    assert_eq!(activate["additionalProperties"], false);
}
