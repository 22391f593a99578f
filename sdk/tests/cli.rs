//! `keyport-activate` end to end against a simulated server (the SDK signing as the server
//! would): request, apply, status, tampering, deactivation.

use std::{path::Path, process::Command};

use chrono::{Duration, Utc};

const FP: &str = "1111111111111111111111111111111111111111111111111111111111111111";

fn cli(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keyport-activate"))
        .current_dir(dir)
        .env("KEYPORT_STATE", dir.join("state.json"))
        .env("KEYPORT_FINGERPRINT", FP)
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn respond(
    request: &sdk::ActivationRequest,
    product: &ed25519_dalek::SigningKey,
    lease_days: i64,
) -> String {
    let now = Utc::now();
    sdk::seal(
        &sdk::ActivationResponse {
            v: 1,
            kid: sdk::keys::kid(&product.verifying_key()),
            request_id: request.request_id,
            activation_id: uuid::Uuid::nil(),
            product_id: request.product_id,
            fingerprint: request.fingerprint.clone(),
            client_pub: request.client_pub.clone(),
            issued_at: now,
            expires_at: Some(now + Duration::days(lease_days)),
            license: sdk::LicenseFacts {
                key: request.license_key.clone(),
                status: "active".into(),
                expires_at: None,
                maintenance_expires_at: None,
                allowed_activations: Some(1),
                metadata: Default::default(),
            },
        },
        product,
    )
}

#[test]
fn request_apply_status_and_deactivate() {
    let dir = std::env::temp_dir().join(format!("keyport-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let product = sdk::keys::signing_key_from_seed([5; 32]);
    let public = sdk::keys::encode_public_key(&product.verifying_key());
    let product_id = "0192f0c1-0000-7000-8000-000000000001";

    let (ok, out) = cli(&dir, &["status"]);
    assert!(!ok && out.contains("not activated"), "{out}");
    let (ok, out) = cli(
        &dir,
        &[
            "offline-request",
            "--product",
            product_id,
            "--license-key",
            "KP-TEST",
            "--out",
            "req.txt",
        ],
    );
    assert!(ok, "{out}");
    let request =
        sdk::open_activation_request(&std::fs::read(dir.join("req.txt")).unwrap()).unwrap();
    assert_eq!(request.fingerprint, FP);

    // A response signed by another key, or for another request, is refused.
    let forged = respond(&request, &sdk::keys::signing_key_from_seed([6; 32]), 30);
    std::fs::write(dir.join("forged.txt"), forged).unwrap();
    let (ok, out) = cli(
        &dir,
        &["offline-apply", "forged.txt", "--public-key", &public],
    );
    assert!(!ok && out.contains("unknown key"), "{out}");
    let mut other = request.clone();
    other.request_id = uuid::Uuid::nil();
    std::fs::write(dir.join("other.txt"), respond(&other, &product, 30)).unwrap();
    let (ok, out) = cli(
        &dir,
        &["offline-apply", "other.txt", "--public-key", &public],
    );
    assert!(!ok && out.contains("request_id differs"), "{out}");

    std::fs::write(dir.join("resp.txt"), respond(&request, &product, 30)).unwrap();
    let (ok, out) = cli(
        &dir,
        &["offline-apply", "resp.txt", "--public-key", &public],
    );
    assert!(ok, "{out}");
    let (ok, out) = cli(&dir, &["status"]);
    assert!(ok && out.contains("valid"), "{out}");

    // The state file records the latest time seen: a clock set back is caught.
    let state_path = dir.join("state.json");
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
    state["last_seen"] = (Utc::now() + Duration::days(2)).to_rfc3339().into();
    std::fs::write(&state_path, state.to_string()).unwrap();
    let (ok, out) = cli(&dir, &["status"]);
    assert!(!ok && out.contains("clock was set back"), "{out}");

    let (ok, out) = cli(&dir, &["offline-deactivate", "--out", "deact.txt"]);
    assert!(ok, "{out}");
    let client = sdk::keys::parse_public_key(&request.client_pub).unwrap();
    let proof =
        sdk::open_deactivation_request(&std::fs::read(dir.join("deact.txt")).unwrap(), |_| {
            Some(client)
        })
        .unwrap();
    assert_eq!(proof.fingerprint, FP);
    let (ok, out) = cli(&dir, &["status"]);
    assert!(!ok && out.contains("not activated"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}
