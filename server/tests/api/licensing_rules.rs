//! More of the licensing API's rules: the remaining error codes, the per-IP limit, the audit
//! channel of every activation and deactivation, the age of a deactivation proof, and the
//! OpenAPI document checked by a real validator.

use crate::licensing_api::{code, fixture};
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use service::{entities::audit_event, testing::fingerprint};
use std::net::SocketAddr;
use uuid::Uuid;

/// The `channel` of the newest audit event with `action` about `license_id`.
pub(crate) async fn channel(db: &service::Db, action: &str, license_id: Uuid) -> String {
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .filter(audit_event::Column::TargetId.eq(license_id.to_string()))
        .order_by_desc(audit_event::Column::CreatedAt)
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {action} event"));
    let details: Value = serde_json::from_str(&event.details).unwrap();
    details["channel"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_second_deactivation_and_an_unknown_account_answer_their_codes() {
    let f = fixture().await;
    let (license_id, key) = f.license(|_| {}).await;
    let (status, answer) = f.activate(&key, "plain-1").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        channel(&f.app.db, "license.activate", license_id).await,
        "api"
    );
    let id = answer["activation_id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/activations/{id}/deactivate");
    let res = f
        .app
        .api("POST", &path, Some(json!({"license_key": key})))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        channel(&f.app.db, "license.deactivate", license_id).await,
        "api"
    );
    let again = f
        .app
        .api("POST", &path, Some(json!({"license_key": key})))
        .await;
    assert_eq!(
        (again.status, code(&again.json())),
        (StatusCode::CONFLICT, "ALREADY_DEACTIVATED")
    );

    // A host that names no vendor account (on a server without a default account).
    let bare = crate::helpers::TestApp::without_default_account().await;
    let mut req = Request::post("/api/v1/licenses/validate")
        .header(header::HOST, "nobody.keyport.test")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"license_key": key, "fingerprint": fingerprint("plain-1")}).to_string(),
        ))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 8], 50_000))));
    let res = bare.send(req).await;
    assert_eq!(
        (res.status, code(&res.json())),
        (StatusCode::NOT_FOUND, "ACCOUNT_NOT_FOUND")
    );
}

#[tokio::test]
async fn one_address_hammering_the_api_with_many_keys_is_rate_limited() {
    let f = fixture().await;
    let from = |ip: [u8; 4]| {
        let mut req = Request::post("/api/v1/licenses/validate")
            .header(header::HOST, crate::helpers::DEMO_HOST)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                // A different (unknown) key each time: only the per-IP limit can stop it.
                json!({"license_key": format!("KP-{}", Uuid::new_v4().simple()), "fingerprint": fingerprint("m")})
                    .to_string(),
            ))
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 50_000))));
        req
    };
    let mut limited = None;
    for _ in 0..300 {
        let res = f.app.send(from([198, 51, 100, 1])).await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(res);
            break;
        }
        assert_eq!(code(&res.json()), "LICENSE_NOT_FOUND");
    }
    let res = limited.expect("300 calls in a burst from one address are limited");
    assert_eq!(code(&res.json()), "RATE_LIMITED");
    assert!(res.headers.contains_key("retry-after"));
    // Another address is not affected.
    let res = f.app.send(from([198, 51, 100, 2])).await;
    assert_eq!(code(&res.json()), "LICENSE_NOT_FOUND");
}

#[tokio::test]
async fn a_deactivation_proof_older_than_the_maximum_age_is_refused() {
    let f = fixture().await;
    let (license_id, key) = f.license(|_| {}).await;
    let client = sdk::keys::signing_key_from_seed([7; 32]);
    let fp = fingerprint("proof-1");
    let res = f
        .app
        .api(
            "POST",
            "/api/v1/activations",
            Some(
                json!({"license_key": key, "fingerprint": fp, "hostname": "proof-1",
                "client_pub": sdk::keys::encode_public_key(&client.verifying_key())}),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let activation_id: Uuid = res.json()["activation_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let proof = |age: Duration| {
        sdk::seal(
            &sdk::DeactivationRequest {
                v: 1,
                kind: sdk::documents::DeactivateType::Deactivate,
                request_id: Uuid::new_v4(),
                activation_id,
                fingerprint: fp.clone(),
                created_at: Utc::now() - age,
            },
            &client,
        )
    };
    let path = format!("/api/v1/activations/{activation_id}/deactivate");
    let res = f
        .app
        .api(
            "POST",
            &path,
            Some(json!({"proof": proof(Duration::days(8))})),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let body = res.json();
    assert_eq!(code(&body), "INVALID_REQUEST");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too old"),
        "{body}"
    );
    // The seat is still taken; a fresh proof frees it.
    let res = f
        .app
        .api(
            "POST",
            &path,
            Some(json!({"proof": proof(Duration::zero())})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        channel(&f.app.db, "license.deactivate", license_id).await,
        "api"
    );
}

#[tokio::test]
async fn the_openapi_document_passes_a_real_openapi_validator() {
    let f = fixture().await;
    let res = f.app.api("GET", "/api/v1/openapi.json", None).await;
    assert_eq!(res.status, StatusCode::OK);
    let file = std::env::temp_dir().join(format!("keyport-openapi-{}.json", Uuid::new_v4()));
    std::fs::write(&file, &res.body).unwrap();
    // openapi-spec-validator (PyPI), installed by scripts/setup.sh: the OpenAPI 3.1 schema,
    // every $ref resolved.
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&file);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the OpenAPI document is not valid (run scripts/setup.sh if the validator is missing): {text}"
    );
    assert!(text.contains("OK"), "{text}");
}
