//! Offline activation and deactivation through `service`, with the SDK's files.

use chrono::{Duration, Utc};
use ed25519_dalek::SigningKey;
use sea_orm::EntityTrait;
use service::{
    Db, Principal, ServiceError, accounts,
    crypto::MasterKey,
    deactivations,
    entities::{activation, license},
    licenses::NewLicense,
    offline::{self, OfflineRules},
    permissions::CustomerRole,
    refusal::Refusal,
    signing,
    testing::{self, fingerprint, organization, passwords, terms},
};
use uuid::Uuid;

pub(crate) struct World {
    pub db: Db,
    pub master: MasterKey,
    pub account_id: Uuid,
    pub product_id: Uuid,
    pub license_id: Uuid,
    pub license_key: String,
    pub owner: Principal,
}

pub(crate) async fn world(allowed_deactivations: Option<i64>) -> World {
    let db = testing::test_db().await;
    let master = MasterKey::generate();
    let account_id = testing::account(&db, "offl").await.id;
    let product_id = accounts::create_product(&db, &master, account_id, "Studio")
        .await
        .unwrap();
    let org = organization(&db, account_id, "Acme").await;
    let owner = testing::customer(
        &db,
        &passwords(),
        account_id,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(org),
    )
    .await;
    let new = NewLicense {
        organization_id: Some(org),
        allowed_activations: Some(1),
        allowed_deactivations,
        ..terms(product_id)
    };
    let (license_id, key) = service::licenses::create(&db, account_id, new)
        .await
        .unwrap();
    World {
        db,
        master,
        account_id,
        product_id,
        license_id,
        license_key: key.as_str().to_owned(),
        owner,
    }
}

pub(crate) fn client(n: u8) -> SigningKey {
    sdk::keys::signing_key_from_seed([n; 32])
}

pub(crate) fn request(
    w: &World,
    key: &SigningKey,
    machine: &str,
) -> (sdk::ActivationRequest, String) {
    let req = sdk::ActivationRequest {
        v: 1,
        kind: sdk::documents::ActivateType::Activate,
        request_id: Uuid::new_v4(),
        created_at: Utc::now(),
        product_id: w.product_id,
        license_key: w.license_key.clone(),
        fingerprint: fingerprint(machine),
        host: sdk::Host {
            hostname: machine.into(),
            os: "Linux".into(),
            app_version: "1.0.0".into(),
        },
        client_pub: sdk::keys::encode_public_key(&key.verifying_key()),
    };
    let file = sdk::seal(&req, key);
    (req, file)
}

pub(crate) fn deactivation(activation_id: Uuid, machine: &str, key: &SigningKey) -> String {
    sdk::seal(
        &sdk::DeactivationRequest {
            v: 1,
            kind: sdk::documents::DeactivateType::Deactivate,
            request_id: Uuid::new_v4(),
            activation_id,
            fingerprint: fingerprint(machine),
            created_at: Utc::now(),
        },
        key,
    )
}

pub(crate) async fn counts(db: &Db, id: Uuid) -> (i64, i64) {
    let l = license::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (l.activations_count, l.deactivations_used)
}

fn file_error(result: Result<offline::OfflineFile, ServiceError>) -> String {
    match result {
        Err(ServiceError::Invalid(errors)) => errors[0].message.clone(),
        Err(ServiceError::Conflict(errors)) => errors[0].message.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_activates_once_and_its_proof_frees_the_seat_once() {
    let w = world(None).await;
    let rules = OfflineRules::default();
    let key = client(7);
    let (req, file) = request(&w, &key, "air-01");

    let preview =
        offline::preview_activation(&w.db, &service::Scope::of(&w.owner), file.as_bytes(), rules)
            .await
            .unwrap();
    assert_eq!(
        (preview.hostname.as_str(), preview.product_name.as_str()),
        ("air-01", "Studio")
    );
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (0, 0),
        "a preview changes nothing"
    );

    let first = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    let again = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    assert!(again.repeated);
    assert_eq!(
        first.contents, again.contents,
        "the same request gets the same response"
    );
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (1, 0),
        "and no second seat"
    );

    // The response verifies with the product key the SDK gets from the public-key route.
    let keys = signing::public_keys(&w.db, w.account_id, w.product_id)
        .await
        .unwrap();
    let product_key = sdk::keys::parse_public_key(&keys[0].public_key).unwrap();
    let response: sdk::ActivationResponse =
        sdk::SignedFile::parse(sdk::Kind::ActivationResponse, first.contents.as_bytes())
            .unwrap()
            .open_signed_by(|kid| (kid == keys[0].kid).then_some(product_key))
            .unwrap();
    assert_eq!(response.request_id, req.request_id);
    assert_eq!(response.client_pub, req.client_pub);
    assert_eq!(response.license.key, w.license_key);
    assert!(response.expires_at.unwrap() > Utc::now() + Duration::days(29));

    // Another machine: the one seat is taken.
    let (_, other) = request(&w, &client(8), "air-02");
    let refused =
        offline::activate_offline(&w.db, &w.master, &w.owner, other.as_bytes(), rules, None).await;
    assert_eq!(
        file_error(refused),
        Refusal::ActivationLimitReached.message()
    );

    // A proof signed by another key is refused and changes nothing.
    let forged = deactivation(first.activation_id, "air-01", &client(9));
    let refused =
        offline::deactivate_offline(&w.db, &w.master, &w.owner, forged.as_bytes(), rules, None)
            .await;
    assert!(file_error(refused).contains("signature does not match"));
    assert_eq!(counts(&w.db, w.license_id).await, (1, 0));

    let proof = deactivation(first.activation_id, "air-01", &key);
    let receipt =
        offline::deactivate_offline(&w.db, &w.master, &w.owner, proof.as_bytes(), rules, None)
            .await
            .unwrap();
    let receipt: sdk::DeactivationReceipt =
        sdk::SignedFile::parse(sdk::Kind::DeactivationReceipt, receipt.contents.as_bytes())
            .unwrap()
            .open_signed_by(|kid| (kid == keys[0].kid).then_some(product_key))
            .unwrap();
    assert_eq!(receipt.activation_id, first.activation_id);
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (0, 1),
        "the seat is free, one deactivation used"
    );
    let row = activation::Entity::find_by_id(first.activation_id)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.deactivation_method.as_deref(), Some("offline-proof"));

    let replay =
        offline::deactivate_offline(&w.db, &w.master, &w.owner, proof.as_bytes(), rules, None)
            .await;
    assert!(file_error(replay).contains("already processed"));
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (0, 1),
        "a replay changes nothing"
    );
}

#[tokio::test]
async fn requests_for_licenses_out_of_reach_or_out_of_date_are_refused() {
    let w = world(None).await;
    let rules = OfflineRules::default();
    // A member who is not linked to the license cannot manage it.
    let member = testing::customer(
        &w.db,
        &passwords(),
        w.account_id,
        "member@acme.test",
        CustomerRole::Member,
        w.owner.organization_id(),
    )
    .await;
    let (_, file) = request(&w, &client(1), "m-1");
    let refused =
        offline::activate_offline(&w.db, &w.master, &member, file.as_bytes(), rules, None).await;
    assert!(file_error(refused).contains("license you cannot manage"));

    // Another vendor's customer uploads a request for this license.
    let other =
        testing::other_vendor(&w.db, "othr", "boss@initech.test", testing::TEST_PASSWORD).await;
    let refused =
        offline::activate_offline(&w.db, &w.master, &other.owner, file.as_bytes(), rules, None)
            .await;
    assert!(file_error(refused).contains("license you cannot manage"));

    let key = client(2);
    let (mut old, _) = request(&w, &key, "m-2");
    old.created_at = Utc::now() - Duration::days(8);
    let refused = offline::activate_offline(
        &w.db,
        &w.master,
        &w.owner,
        sdk::seal(&old, &key).as_bytes(),
        rules,
        None,
    )
    .await;
    assert!(file_error(refused).contains("too old"));
    old.created_at = Utc::now() + Duration::hours(2);
    let refused = offline::activate_offline(
        &w.db,
        &w.master,
        &w.owner,
        sdk::seal(&old, &key).as_bytes(),
        rules,
        None,
    )
    .await;
    assert!(file_error(refused).contains("future"));
    assert_eq!(counts(&w.db, w.license_id).await, (0, 0));
}

#[tokio::test]
async fn portal_deactivations_count_against_the_limit() {
    let w = world(Some(1)).await;
    let rules = OfflineRules::default();
    let (_, file) = request(&w, &client(3), "p-1");
    let done = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    deactivations::deactivate_from_portal(&w.db, &w.owner, w.license_id, done.activation_id, None)
        .await
        .unwrap();
    assert_eq!(counts(&w.db, w.license_id).await, (0, 1));
    let again = deactivations::deactivate_from_portal(
        &w.db,
        &w.owner,
        w.license_id,
        done.activation_id,
        None,
    )
    .await;
    assert_eq!(
        Refusal::of(&again.unwrap_err()),
        Some(Refusal::AlreadyDeactivated)
    );

    let (_, file) = request(&w, &client(4), "p-2");
    let second =
        offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
            .await
            .unwrap();
    let refused = deactivations::deactivate_from_portal(
        &w.db,
        &w.owner,
        w.license_id,
        second.activation_id,
        None,
    )
    .await;
    assert_eq!(
        Refusal::of(&refused.unwrap_err()),
        Some(Refusal::DeactivationLimitReached)
    );
    assert_eq!(counts(&w.db, w.license_id).await, (1, 1), "nothing changed");
}

#[tokio::test]
async fn after_a_rotation_new_files_use_the_new_key_and_old_files_still_verify() {
    let w = world(None).await;
    let rules = OfflineRules::default();
    let (_, file) = request(&w, &client(5), "r-1");
    let before =
        offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
            .await
            .unwrap();
    let old_kid = signing::public_keys(&w.db, w.account_id, w.product_id)
        .await
        .unwrap()[0]
        .kid
        .clone();
    let new_kid = signing::rotate(&w.db, &w.master, w.account_id, w.product_id, None)
        .await
        .unwrap();
    assert_ne!(old_kid, new_kid);
    let keys = signing::public_keys(&w.db, w.account_id, w.product_id)
        .await
        .unwrap();
    assert_eq!(
        keys.iter()
            .map(|k| (k.kid.as_str(), k.active))
            .collect::<Vec<_>>(),
        [(new_kid.as_str(), true), (old_kid.as_str(), false)]
    );
    let old_key = signing::verifying_key(&w.db, w.account_id, w.product_id, &old_kid)
        .await
        .unwrap()
        .unwrap();
    let file =
        sdk::SignedFile::parse(sdk::Kind::ActivationResponse, before.contents.as_bytes()).unwrap();
    file.verify(&old_key).unwrap();

    let (_, file) = request(&w, &client(6), "r-1");
    let after = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    let signed =
        sdk::SignedFile::parse(sdk::Kind::ActivationResponse, after.contents.as_bytes()).unwrap();
    assert_eq!(signed.unverified_str("kid").unwrap(), new_kid);
    assert_eq!(
        after.activation_id, before.activation_id,
        "same machine, same seat"
    );
    assert!(
        signing::verifying_key(&w.db, w.account_id, w.product_id, "0000000000000000")
            .await
            .unwrap()
            .is_none()
    );
}

#[test]
fn the_service_signs_the_known_answer_vectors_byte_for_byte() {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/tests/vectors");
    let keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("keys.json")).unwrap()).unwrap();
    let seed: [u8; 32] = URL_SAFE_NO_PAD
        .decode(keys["product_seed"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    // The product key as the server stores it: sealed with a master key, opened to sign.
    let master = MasterKey::generate();
    let sealed =
        service::crypto::seal_signing_key(&master, &SigningKey::from_bytes(&seed)).unwrap();
    let product = service::crypto::open_signing_key(&master, &sealed).unwrap();
    assert_eq!(
        service::crypto::kid(&product.verifying_key()),
        keys["product_kid"]
    );
    for name in ["activation-response", "deactivation-receipt"] {
        let payload = std::fs::read(dir.join(format!("{name}.json"))).unwrap();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
        let kind = if name == "activation-response" {
            sdk::Kind::ActivationResponse
        } else {
            sdk::Kind::DeactivationReceipt
        };
        assert_eq!(
            sdk::envelope::seal_payload(kind, &payload, &product),
            expected,
            "{name}"
        );
    }
    // And the client-signed vectors open as the portal opens uploads.
    let request = std::fs::read(dir.join("activation-request.txt")).unwrap();
    let parsed = sdk::open_activation_request(&request).unwrap();
    assert_eq!(parsed.client_pub, keys["client_pub"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_offline_requests_for_the_last_seat_take_one_and_the_same_request_one_seat() {
    let w = std::sync::Arc::new(world(None).await);
    let rules = OfflineRules::default();
    let racers: Vec<_> = (0..20u8)
        .map(|n| {
            let w = w.clone();
            tokio::spawn(async move {
                let (_, file) = request(&w, &client(n + 20), &format!("race-{n}"));
                offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
                    .await
            })
        })
        .collect();
    let mut won = 0;
    for racer in racers {
        match racer.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_eq!(
                Refusal::of(&e),
                Some(Refusal::ActivationLimitReached),
                "{e:?}"
            ),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(counts(&w.db, w.license_id).await, (1, 0));

    // Ten uploads of one request at once: one seat, one answer.
    let w2 = std::sync::Arc::new(world(None).await);
    let (_, file) = request(&w2, &client(60), "twin");
    let twins: Vec<_> = (0..10)
        .map(|_| {
            let (w2, file) = (w2.clone(), file.clone());
            tokio::spawn(async move {
                offline::activate_offline(
                    &w2.db,
                    &w2.master,
                    &w2.owner,
                    file.as_bytes(),
                    rules,
                    None,
                )
                .await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for twin in twins {
        answers.push(
            twin.await
                .unwrap()
                .expect("every upload of the same request succeeds")
                .contents,
        );
    }
    answers.dedup();
    assert_eq!(answers.len(), 1, "one response for one request");
    assert_eq!(counts(&w2.db, w2.license_id).await, (1, 0));
}
