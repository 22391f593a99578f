//! Known-answer vectors: fixed keys and payloads give these exact bytes, byte for byte.
//!
//! `KEYPORT_BLESS_VECTORS=1 cargo test -p sdk --test vectors` rewrites the files after a
//! deliberate change of the format (then bump the protocol version: files in the field exist).

use std::{collections::BTreeMap, path::PathBuf};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sdk::{
    ActivationRequest, ActivationResponse, DeactivationReceipt, DeactivationRequest, Document,
    Host, Kind, LicenseFacts, ProtocolError, SignedFile, Validation,
    documents::{ActivateType, DeactivateType},
    keys, seal, seal_payload,
};
use uuid::Uuid;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn seed(first: u8) -> [u8; 32] {
    std::array::from_fn(|i| first.wrapping_add(i as u8))
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const FINGERPRINT: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn documents() -> Vec<(&'static str, Kind, Vec<u8>, [u8; 32])> {
    let client = keys::signing_key_from_seed(seed(1));
    let product = keys::signing_key_from_seed(seed(101));
    let client_pub = keys::encode_public_key(&client.verifying_key());
    let kid = keys::kid(&product.verifying_key());
    let request_id = Uuid::parse_str("0192f0c2-7a3e-7c41-9b1d-2f5e8a6b4c10").unwrap();
    let activation_id = Uuid::parse_str("0192f0c2-8b00-7d12-a3c4-5e6f7a8b9c0d").unwrap();
    let product_id = Uuid::parse_str("0192f0c1-0000-7000-8000-000000000001").unwrap();
    let deactivation_id = Uuid::parse_str("0192f0c3-1111-7222-8333-444455556666").unwrap();
    let request = ActivationRequest {
        v: 1,
        kind: ActivateType::Activate,
        request_id,
        created_at: at("2026-11-24T09:30:00Z"),
        product_id,
        license_key: "KP-7Q2XM-4HV9C-KD3WP-R8TNF-B6JYA".into(),
        fingerprint: FINGERPRINT.into(),
        host: Host {
            hostname: "build-07".into(),
            os: "Linux 6.8 (x86_64)".into(),
            app_version: "4.2.1".into(),
        },
        client_pub: client_pub.clone(),
    };
    let response = ActivationResponse {
        v: 1,
        kid: kid.clone(),
        request_id,
        activation_id,
        product_id,
        fingerprint: FINGERPRINT.into(),
        client_pub,
        issued_at: at("2026-11-24T10:00:00Z"),
        expires_at: Some(at("2026-12-24T10:00:00Z")),
        license: LicenseFacts {
            key: "KP-7Q2XM-4HV9C-KD3WP-R8TNF-B6JYA".into(),
            status: "active".into(),
            expires_at: Some(at("2027-11-24T00:00:00Z")),
            maintenance_expires_at: None,
            allowed_activations: Some(3),
            metadata: BTreeMap::from([("edition".into(), "pro".into())]),
        },
    };
    let deactivation = DeactivationRequest {
        v: 1,
        kind: DeactivateType::Deactivate,
        request_id: deactivation_id,
        activation_id,
        fingerprint: FINGERPRINT.into(),
        created_at: at("2026-12-01T08:00:00Z"),
    };
    let validation = Validation {
        v: 1,
        kid: kid.clone(),
        product_id,
        fingerprint: FINGERPRINT.into(),
        activation_id: Some(activation_id),
        valid: true,
        code: None,
        issued_at: at("2026-12-02T12:00:00Z"),
        license: response.license.clone(),
    };
    let receipt = DeactivationReceipt {
        v: 1,
        kid,
        request_id: deactivation_id,
        activation_id,
        product_id,
        fingerprint: FINGERPRINT.into(),
        deactivated_at: at("2026-12-01T08:05:00Z"),
    };
    vec![
        (
            "activation-request",
            Kind::ActivationRequest,
            json(&request),
            seed(1),
        ),
        (
            "activation-response",
            Kind::ActivationResponse,
            json(&response),
            seed(101),
        ),
        (
            "deactivation-request",
            Kind::DeactivationRequest,
            json(&deactivation),
            seed(1),
        ),
        (
            "deactivation-receipt",
            Kind::DeactivationReceipt,
            json(&receipt),
            seed(101),
        ),
        ("validation", Kind::Validation, json(&validation), seed(101)),
    ]
}

fn json<D: Document>(doc: &D) -> Vec<u8> {
    serde_json::to_vec(doc).unwrap()
}

fn keys_json() -> String {
    let client = keys::signing_key_from_seed(seed(1));
    let product = keys::signing_key_from_seed(seed(101));
    format!(
        "{{\n  \"client_seed\": \"{}\",\n  \"client_pub\": \"{}\",\n  \"product_seed\": \"{}\",\n  \"product_pub\": \"{}\",\n  \"product_kid\": \"{}\"\n}}\n",
        URL_SAFE_NO_PAD.encode(seed(1)),
        keys::encode_public_key(&client.verifying_key()),
        URL_SAFE_NO_PAD.encode(seed(101)),
        keys::encode_public_key(&product.verifying_key()),
        keys::kid(&product.verifying_key()),
    )
}

#[test]
fn the_committed_vectors_are_the_bytes_this_code_produces() {
    let bless = std::env::var_os("KEYPORT_BLESS_VECTORS").is_some();
    if bless {
        std::fs::write(dir().join("keys.json"), keys_json()).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(dir().join("keys.json")).unwrap(),
        keys_json()
    );
    for (name, kind, payload, key_seed) in documents() {
        let key = keys::signing_key_from_seed(key_seed);
        let sealed = seal_payload(kind, &payload, &key);
        if bless {
            std::fs::write(dir().join(format!("{name}.json")), &payload).unwrap();
            std::fs::write(dir().join(format!("{name}.txt")), &sealed).unwrap();
        }
        let committed_payload = std::fs::read(dir().join(format!("{name}.json"))).unwrap();
        let committed = std::fs::read_to_string(dir().join(format!("{name}.txt"))).unwrap();
        assert_eq!(committed_payload, payload, "{name}.json");
        assert_eq!(committed, sealed, "{name}.txt");
        let file = SignedFile::parse(kind, committed.as_bytes()).unwrap();
        assert_eq!(file.payload(), payload.as_slice());
        file.verify(&key.verifying_key()).unwrap();
    }
}

#[test]
fn the_vectors_open_as_typed_documents_and_seal_back_to_the_same_bytes() {
    let client = keys::signing_key_from_seed(seed(1));
    let product = keys::signing_key_from_seed(seed(101));
    let kid = keys::kid(&product.verifying_key());
    let read = |name: &str| std::fs::read(dir().join(format!("{name}.txt"))).unwrap();

    let request = sdk::open_activation_request(&read("activation-request")).unwrap();
    assert_eq!(request.host.hostname, "build-07");
    assert_eq!(
        seal(&request, &client).into_bytes(),
        read("activation-request")
    );

    let by_kid = |k: &str| (k == kid).then(|| product.verifying_key());
    let response: ActivationResponse =
        SignedFile::parse(Kind::ActivationResponse, &read("activation-response"))
            .unwrap()
            .open_signed_by(by_kid)
            .unwrap();
    assert_eq!(response.request_id, request.request_id);
    assert_eq!(
        seal(&response, &product).into_bytes(),
        read("activation-response")
    );

    let deactivation = sdk::open_deactivation_request(&read("deactivation-request"), |id| {
        (id == response.activation_id).then(|| client.verifying_key())
    })
    .unwrap();
    assert_eq!(
        seal(&deactivation, &client).into_bytes(),
        read("deactivation-request")
    );

    let receipt: DeactivationReceipt =
        SignedFile::parse(Kind::DeactivationReceipt, &read("deactivation-receipt"))
            .unwrap()
            .open_signed_by(by_kid)
            .unwrap();
    assert_eq!(receipt.activation_id, response.activation_id);

    let validation: Validation = SignedFile::parse(Kind::Validation, &read("validation"))
        .unwrap()
        .open_signed_by(by_kid)
        .unwrap();
    assert!(validation.valid);
    assert_eq!(validation.activation_id, Some(response.activation_id));
    assert_eq!(seal(&validation, &product).into_bytes(), read("validation"));

    // A file signed by another key is refused: a response must come from the product key.
    let other = keys::signing_key_from_seed(seed(200));
    let forged = seal(&response, &other);
    let result: Result<ActivationResponse, _> =
        SignedFile::parse(Kind::ActivationResponse, forged.as_bytes())
            .unwrap()
            .open_signed_by(by_kid);
    assert_eq!(result, Err(ProtocolError::BadSignature));
}

#[test]
fn a_one_bit_flip_anywhere_in_the_body_is_refused() {
    let text = std::fs::read(dir().join("activation-request.txt")).unwrap();
    let first_body = text.iter().position(|&b| b == b'\n').unwrap() + 1;
    let last_body = text.len() - "-----END KEYPORT ACTIVATION REQUEST-----\n".len();
    let mut checked = 0;
    for i in first_body..last_body {
        if text[i] == b'\n' {
            continue;
        }
        for bit in 0..8 {
            let mut flipped = text.clone();
            flipped[i] ^= 1 << bit;
            assert!(
                sdk::open_activation_request(&flipped).is_err(),
                "byte {i} bit {bit} was accepted"
            );
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} flips checked");
}
