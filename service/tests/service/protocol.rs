//! The licensing protocol's hardening (issue 12): the defects an independent verifier found,
//! each shown as a user would meet it, on SQLite and PostgreSQL.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{ActiveValue::Set, EntityTrait};
use service::{
    ServiceError,
    entities::{activation, license},
    licenses::{LicenseStatus, set_status},
    offline::{self, OfflineRules},
    online::{self, DeactivationCredential, OnlineActivate},
    refusal::Refusal,
    testing::fingerprint,
};
use uuid::Uuid;

use crate::offline::{World, client, counts, deactivation, request, world};

fn online(w: &World, machine: &str, key: Option<&ed25519_dalek::SigningKey>) -> OnlineActivate {
    OnlineActivate {
        license_key: w.license_key.clone(),
        fingerprint: fingerprint(machine),
        hostname: machine.into(),
        os: "Linux".into(),
        app_version: Some("1.0.0".into()),
        client_pub: key.map(|k| sdk::keys::encode_public_key(&k.verifying_key())),
        request_id: None,
    }
}

/// The first message of a refusal.
fn message<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> String {
    match result {
        Err(ServiceError::Invalid(errors) | ServiceError::Conflict(errors)) => {
            errors[0].message.clone()
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn stored_key(w: &World, id: Uuid) -> Option<String> {
    activation::Entity::find_by_id(id)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap()
        .client_pub
}

#[tokio::test]
async fn an_online_reactivation_with_a_new_key_can_still_free_its_seat() {
    let w = world(None).await;
    let (a, b) = (client(1), client(2));
    let first = online::activate(&w.db, &w.master, w.account_id, online(&w, "ws-1", Some(&a)))
        .await
        .unwrap();
    // The state file is lost; the machine makes a new key and activates again.
    let again = online::activate(&w.db, &w.master, w.account_id, online(&w, "ws-1", Some(&b)))
        .await
        .unwrap();
    assert_eq!(
        (again.activation_id, again.created),
        (first.activation_id, false)
    );
    assert_eq!(
        stored_key(&w, first.activation_id).await,
        Some(sdk::keys::encode_public_key(&b.verifying_key())),
        "the certificate names key B, so the server must hold key B"
    );
    // The old key's proof is refused; the new key's frees the seat and gets a receipt.
    let old = deactivation(first.activation_id, "ws-1", &a);
    let refused = online::deactivate(
        &w.db,
        &w.master,
        w.account_id,
        first.activation_id,
        DeactivationCredential::Proof(old),
        None,
    )
    .await;
    assert!(message(refused).contains("signature does not match"));
    let receipt = online::deactivate(
        &w.db,
        &w.master,
        w.account_id,
        first.activation_id,
        DeactivationCredential::Proof(deactivation(first.activation_id, "ws-1", &b)),
        None,
    )
    .await
    .unwrap();
    assert!(receipt.is_some());
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (0, 1),
        "the seat is free"
    );
}

#[tokio::test]
async fn a_machine_activated_without_a_key_then_with_one_can_prove_its_deactivation() {
    let w = world(None).await;
    let key = client(3);
    let first = online::activate(&w.db, &w.master, w.account_id, online(&w, "ws-2", None))
        .await
        .unwrap();
    let again = online::activate(
        &w.db,
        &w.master,
        w.account_id,
        online(&w, "ws-2", Some(&key)),
    )
    .await
    .unwrap();
    assert!(again.certificate.is_some());
    online::deactivate(
        &w.db,
        &w.master,
        w.account_id,
        first.activation_id,
        DeactivationCredential::Proof(deactivation(first.activation_id, "ws-2", &key)),
        None,
    )
    .await
    .unwrap();
    assert_eq!(counts(&w.db, w.license_id).await, (0, 1));
    // A request without a key never removes one: the license key alone cannot free a
    // machine that proves its deactivation with a key.
    let w = world(None).await;
    let with_key = online::activate(
        &w.db,
        &w.master,
        w.account_id,
        online(&w, "ws-3", Some(&key)),
    )
    .await
    .unwrap();
    online::activate(&w.db, &w.master, w.account_id, online(&w, "ws-3", None))
        .await
        .unwrap();
    assert!(stored_key(&w, with_key.activation_id).await.is_some());
}

#[tokio::test]
async fn online_and_offline_reactivations_follow_the_same_rule() {
    let w = world(None).await;
    let rules = OfflineRules::default();
    let (a, b) = (client(4), client(5));
    let online_first = online::activate(
        &w.db,
        &w.master,
        w.account_id,
        online(&w, "air-9", Some(&a)),
    )
    .await
    .unwrap();
    let (_, file) = request(&w, &b, "air-9");
    let offline_again =
        offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
            .await
            .unwrap();
    assert_eq!(offline_again.activation_id, online_first.activation_id);
    assert_eq!(
        stored_key(&w, online_first.activation_id).await,
        Some(sdk::keys::encode_public_key(&b.verifying_key()))
    );
    assert_eq!(counts(&w.db, w.license_id).await, (1, 0));
}

#[tokio::test]
async fn a_replayed_request_is_refused_once_the_license_or_the_machine_no_longer_allows_it() {
    let rules = OfflineRules::default();
    let scope = |w: &World| service::Scope::of(&w.owner);
    for (status, sentence) in [
        (
            LicenseStatus::Suspended,
            Refusal::LicenseSuspended.message(),
        ),
        (LicenseStatus::Revoked, Refusal::LicenseRevoked.message()),
    ] {
        let w = world(None).await;
        let (_, file) = request(&w, &client(6), "air-1");
        let first =
            offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
                .await
                .unwrap();
        let replay =
            offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
                .await
                .unwrap();
        assert!(
            replay.repeated && replay.contents == first.contents,
            "a replay while active"
        );

        set_status(&w.db, w.account_id, w.license_id, status)
            .await
            .unwrap();
        let refused =
            offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
                .await;
        assert_eq!(message(refused), sentence);
        // The upload is refused at once, with the sentence a new request gets.
        let preview = offline::preview_activation(&w.db, &scope(&w), file.as_bytes(), rules).await;
        assert_eq!(message(preview), sentence);
        let (_, fresh) = request(&w, &client(7), "air-2");
        let new_request =
            offline::activate_offline(&w.db, &w.master, &w.owner, fresh.as_bytes(), rules, None)
                .await;
        assert_eq!(message(new_request), sentence);
    }

    // After the machine's deactivation, the old request gets no fresh-looking lease.
    let w = world(None).await;
    let key = client(8);
    let (_, file) = request(&w, &key, "air-3");
    let first = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    let proof = deactivation(first.activation_id, "air-3", &key);
    offline::deactivate_offline(&w.db, &w.master, &w.owner, proof.as_bytes(), rules, None)
        .await
        .unwrap();
    let refused =
        offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None).await;
    assert!(message(refused).contains("that activation has ended since"));
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (0, 1),
        "no seat was taken"
    );
}

#[tokio::test]
async fn an_upload_is_refused_at_once_for_what_confirming_would_refuse() {
    let rules = OfflineRules::default();
    // Full: the license has one seat, taken by another machine.
    let w = world(None).await;
    let (_, taken) = request(&w, &client(9), "seat-holder");
    offline::activate_offline(&w.db, &w.master, &w.owner, taken.as_bytes(), rules, None)
        .await
        .unwrap();
    let (_, file) = request(&w, &client(10), "latecomer");
    let preview =
        offline::preview_activation(&w.db, &service::Scope::of(&w.owner), file.as_bytes(), rules)
            .await;
    assert_eq!(message(preview), Refusal::ActivationLimitReached.message());
    // The seat holder itself may still ask again.
    let (_, again) = request(&w, &client(11), "seat-holder");
    offline::preview_activation(
        &w.db,
        &service::Scope::of(&w.owner),
        again.as_bytes(),
        rules,
    )
    .await
    .unwrap();

    // Offline activation not allowed.
    let w = world(None).await;
    license::Entity::update(license::ActiveModel {
        id: Set(w.license_id),
        offline_allowed: Set(false),
        ..Default::default()
    })
    .exec(&w.db)
    .await
    .unwrap();
    let (_, file) = request(&w, &client(12), "air-4");
    let preview =
        offline::preview_activation(&w.db, &service::Scope::of(&w.owner), file.as_bytes(), rules)
            .await;
    assert_eq!(message(preview), Refusal::OfflineNotAllowed.message());

    // A deactivation upload when the license has no deactivation left.
    let w = world(Some(0)).await;
    let key = client(13);
    let (_, file) = request(&w, &key, "air-5");
    let done = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    let proof = deactivation(done.activation_id, "air-5", &key);
    let preview = offline::preview_deactivation(
        &w.db,
        &service::Scope::of(&w.owner),
        proof.as_bytes(),
        rules,
    )
    .await;
    assert_eq!(
        message(preview),
        Refusal::DeactivationLimitReached.message()
    );
}

/// The identity point: with R = identity and S = 0, a loose verifier accepts any message.
fn identity_key() -> String {
    let mut point = [0u8; 32];
    point[0] = 1;
    URL_SAFE_NO_PAD.encode(point)
}

fn forged_signature_file(kind: sdk::Kind, payload: &serde_json::Value) -> String {
    let mut signature = [0u8; 64];
    signature[0] = 1;
    let body = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload).unwrap()),
        URL_SAFE_NO_PAD.encode(signature)
    );
    sdk::armour::armour(kind, &body)
}

#[tokio::test]
async fn a_small_order_key_is_refused_and_proves_nothing() {
    let w = world(None).await;
    let mut req = online(&w, "weak-1", None);
    req.client_pub = Some(identity_key());
    let refused = online::activate(&w.db, &w.master, w.account_id, req).await;
    assert!(message(refused).contains("weak (small-order)"));

    // A machine stored with such a key before this check (an old row): a forged proof that a
    // loose verifier accepts must not free its seat.
    let done = online::activate(&w.db, &w.master, w.account_id, online(&w, "weak-2", None))
        .await
        .unwrap();
    activation::Entity::update(activation::ActiveModel {
        id: Set(done.activation_id),
        client_pub: Set(Some(identity_key())),
        ..Default::default()
    })
    .exec(&w.db)
    .await
    .unwrap();
    let forged = forged_signature_file(
        sdk::Kind::DeactivationRequest,
        &serde_json::json!({
            "v": 1,
            "type": "deactivate",
            "request_id": Uuid::new_v4(),
            "activation_id": done.activation_id,
            "fingerprint": fingerprint("weak-2"),
            "created_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }),
    );
    let refused = online::deactivate(
        &w.db,
        &w.master,
        w.account_id,
        done.activation_id,
        DeactivationCredential::Proof(forged),
        None,
    )
    .await;
    assert!(message(refused).contains("weak (small-order)"));
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (1, 0),
        "the seat is still taken"
    );
}

#[tokio::test]
async fn host_names_with_invisible_or_direction_changing_characters_are_refused() {
    let w = world(None).await;
    for (hostname, shown) in [
        ("build-07\u{202e}gnp.exe", "U+202E"),
        ("\u{200b}", "U+200B"),
        ("agent\u{2066}-1", "U+2066"),
        ("a\u{feff}b", "U+FEFF"),
    ] {
        let mut req = online(&w, "bidi", None);
        req.hostname = hostname.into();
        let refused = online::activate(&w.db, &w.master, w.account_id, req).await;
        let text = message(refused);
        assert!(
            text.contains(shown) && text.starts_with("The host name"),
            "{text}"
        );
    }
    let mut req = online(&w, "bidi", None);
    req.os = "Linux\u{202e}".into();
    assert!(
        message(online::activate(&w.db, &w.master, w.account_id, req).await).contains("U+202E")
    );
    assert_eq!(counts(&w.db, w.license_id).await, (0, 0));
}

#[tokio::test]
async fn a_deactivation_file_gets_the_same_first_refusal_from_the_portal_and_the_api() {
    let w = world(None).await;
    let rules = OfflineRules::default();
    let key = client(14);
    let (_, file) = request(&w, &key, "air-6");
    let done = offline::activate_offline(&w.db, &w.master, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    // Signed by another key AND carrying a bad fingerprint: the signature is named first.
    let bad = sdk::seal(
        &sdk::DeactivationRequest {
            v: 1,
            kind: sdk::documents::DeactivateType::Deactivate,
            request_id: Uuid::new_v4(),
            activation_id: done.activation_id,
            fingerprint: "not-a-fingerprint".into(),
            created_at: chrono::Utc::now(),
        },
        &client(99),
    );
    let portal =
        offline::preview_deactivation(&w.db, &service::Scope::of(&w.owner), bad.as_bytes(), rules)
            .await;
    let api = online::deactivate(
        &w.db,
        &w.master,
        w.account_id,
        done.activation_id,
        DeactivationCredential::Proof(bad),
        None,
    )
    .await;
    let (portal, api) = (message(portal), message(api));
    assert_eq!(portal, api);
    assert!(portal.contains("signature does not match"), "{portal}");
}

#[tokio::test]
async fn names_people_read_refuse_invisible_characters_and_keep_the_joiners_scripts_need() {
    let w = world(None).await;
    let refused =
        service::accounts::create_product(&w.db, &w.master, w.account_id, "Studio\u{202e}gnp")
            .await;
    assert!(message(refused).contains("U+202E"));
    let refused =
        service::accounts::create_organization(&w.db, w.account_id, "\u{200b}", None).await;
    assert!(message(refused).contains("U+200B"));
    // Emoji sequences and Persian need the zero-width joiners: a name keeps them.
    service::accounts::create_organization(&w.db, w.account_id, "Team 👩‍💻 می‌خواهم", None)
        .await
        .unwrap();
    // A download name that would read "build-07exe.png".
    let refused = service::releases::publish::file_name("build-07\u{202e}gnp.exe").unwrap_err();
    assert!(refused.message.contains("U+202E"), "{}", refused.message);
    service::releases::publish::file_name("build-07.png").unwrap();
}

/// The licensing API takes the seat last (the license row stays locked briefly): one new
/// machine asking ten times at once still gets one seat and one activation, and a full
/// license still refuses the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_machine_asking_ten_times_at_once_takes_one_seat() {
    let w = std::sync::Arc::new(world(None).await);
    let racers: Vec<_> = (0..10)
        .map(|_| {
            let w = w.clone();
            tokio::spawn(async move {
                let req = online(&w, "eager-1", None);
                online::activate(&w.db, &w.master, w.account_id, req).await
            })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    let mut created = 0;
    for racer in racers {
        let done = racer.await.unwrap().unwrap();
        ids.insert(done.activation_id);
        created += usize::from(done.created);
    }
    assert_eq!((ids.len(), created), (1, 1));
    assert_eq!(counts(&w.db, w.license_id).await, (1, 0));
    // The license has one seat: another machine is refused.
    let refused =
        online::activate(&w.db, &w.master, w.account_id, online(&w, "eager-2", None)).await;
    assert_eq!(message(refused), Refusal::ActivationLimitReached.message());
}
