//! The bad-input corpus (`tests/corpus/`): request files that are wrong in one way each, and
//! the sentence each must get. `service` and `server` upload the same files and expect the
//! same sentences (service/tests/service/offline_corpus.rs, server/tests/api/offline_upload.rs).
//!
//! The files are made from the known-answer activation request (`tests/vectors`) with fixed
//! keys, so they never change by accident; `KEYPORT_BLESS_CORPUS=1 cargo test -p sdk --test
//! corpus` rewrites them after a deliberate change.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use sdk::{Kind, ProtocolError, documents::check_age, keys, open_activation_request, seal_payload};
use std::path::{Path, PathBuf};

#[path = "support/corpus_cases.rs"]
mod corpus_cases;
use corpus_cases::CASES;

/// Now, as the protocol writes a time (RFC 3339, UTC, `Z`).
fn now_z() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn here(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn vector() -> String {
    std::fs::read_to_string(here("tests/vectors/activation-request.txt")).unwrap()
}

fn payload() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(here("tests/vectors/activation-request.json")).unwrap())
        .unwrap()
}

/// Re-signs an edited payload with the vector's client key, so only the edit is wrong.
fn signed(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value = payload();
    edit(&mut value);
    let seed: [u8; 32] = std::array::from_fn(|i| 1 + i as u8);
    seal_payload(
        Kind::ActivationRequest,
        &serde_json::to_vec(&value).unwrap(),
        &keys::signing_key_from_seed(seed),
    )
}

/// The eight Ed25519 points of small order, canonically encoded ("Taming the many EdDSAs",
/// Chalkias et al. 2020); `small-order-key-N.txt` uses the Nth.
const SMALL_ORDER: [&str; 8] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// The corpus, made from the vector.
fn generate(name: &str) -> Vec<u8> {
    let good = vector();
    let body_line = good.lines().nth(1).unwrap();
    match name {
        "truncated.txt" => good[..good.len() / 2].into(),
        "not-armoured.txt" => "just some text someone pasted\n".into(),
        "html-page.html" => "<!doctype html><html><body><h1>Sign in</h1></body></html>\n".into(),
        "binary.jpg" => vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F', 0],
        "too-large.txt" => "A".repeat(sdk::MAX_FILE_BYTES + 1).into(),
        "bad-base64.txt" => good
            .replacen(body_line, &body_line.replacen('e', "*", 1), 1)
            .into(),
        "no-signature.txt" => good.replacen('.', "", 1).into(),
        "bad-json.txt" => seal_payload(
            Kind::ActivationRequest,
            b"{not json",
            &keys::signing_key_from_seed([1; 32]),
        )
        .into(),
        "unknown-field.txt" => signed(|v| v["admin"] = true.into()).into(),
        "wrong-version.txt" => signed(|v| v["v"] = 2.into()).into(),
        "bad-fingerprint.txt" => signed(|v| v["fingerprint"] = "abc".into()).into(),
        "signed-by-another-key.txt" => seal_payload(
            Kind::ActivationRequest,
            &serde_json::to_vec(&payload()).unwrap(),
            &keys::signing_key_from_seed([9; 32]),
        )
        .into(),
        "edited-after-signing.txt" => {
            // The original signature over a payload naming someone else's license.
            let mut v = payload();
            v["license_key"] = "KP-SOMEONE-ELSES-KEY".into();
            let edited = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&v).unwrap());
            let body: String = good.lines().filter(|l| !l.starts_with("-----")).collect();
            let signature = body.split_once('.').unwrap().1;
            sdk::armour::armour(Kind::ActivationRequest, &format!("{edited}.{signature}")).into()
        }
        "one-bit-flipped.txt" => {
            // The low bit of one character of the signature ('N' <-> 'O', both base64url).
            let mut bytes = good.into_bytes();
            let dot = bytes.iter().position(|&b| b == b'.').unwrap();
            let at = dot + 20;
            bytes[at] ^= 0x01;
            bytes
        }
        "too-old.txt" => signed(|v| v["created_at"] = "2020-01-01T00:00:00Z".into()).into(),
        "from-the-future.txt" => signed(|v| v["created_at"] = "2100-01-01T00:00:00Z".into()).into(),
        "activation-request-as-deactivation.txt" => good.into(),
        "offset-timestamp.txt" => {
            signed(|v| v["created_at"] = "2026-11-24T11:30:00+02:00".into()).into()
        }
        "urn-uuid.txt" => signed(|v| {
            v["request_id"] = "urn:uuid:0192f0c2-7a3e-7c41-9b1d-2f5e8a6b4c10".into();
        })
        .into(),
        "version-as-float.txt" => signed(|v| v["v"] = 1.0.into()).into(),
        "bidi-hostname.txt" => {
            signed(|v| v["host"]["hostname"] = "build-07\u{202e}gnp.exe".into()).into()
        }
        "zero-width-hostname.txt" => signed(|v| v["host"]["hostname"] = "\u{200b}".into()).into(),
        small if small.starts_with("small-order-key-") => {
            // A small-order point as the client key, and the signature R = identity, S = 0,
            // which a non-strict verifier accepts for any payload when the key is the identity.
            let n: usize = small["small-order-key-".len()..small.len() - 4]
                .parse()
                .unwrap();
            let point = hex(SMALL_ORDER[n]);
            let mut value = payload();
            value["client_pub"] = URL_SAFE_NO_PAD.encode(&point).into();
            let mut signature = hex(SMALL_ORDER[0]);
            signature.extend([0; 32]);
            let body = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(serde_json::to_vec(&value).unwrap()),
                URL_SAFE_NO_PAD.encode(signature)
            );
            sdk::armour::armour(Kind::ActivationRequest, &body).into()
        }
        other => panic!("no generator for {other}"),
    }
}

/// How the SDK refuses `bytes` as a (de)activation request, today (the age check included).
fn refusal(deactivation: bool, bytes: &[u8]) -> ProtocolError {
    let created_at = if deactivation {
        // Verifying a deactivation needs the machine's stored key: here, the envelope only.
        sdk::SignedFile::parse(Kind::DeactivationRequest, bytes)
            .and_then(|f| f.document::<sdk::DeactivationRequest>())
            .map(|d| d.created_at)
    } else {
        open_activation_request(bytes).map(|r| r.created_at)
    };
    match created_at {
        Err(e) => e,
        Ok(at) => check_age(at, Utc::now(), Duration::days(7), Duration::minutes(5))
            .expect_err("the file passed every check"),
    }
}

#[test]
fn the_corpus_files_are_the_ones_the_generator_makes() {
    let bless = std::env::var_os("KEYPORT_BLESS_CORPUS").is_some();
    for (name, _, _) in CASES {
        let path = here("tests/corpus").join(name);
        let made = generate(name);
        if bless {
            std::fs::write(&path, &made).unwrap();
        }
        assert!(
            std::fs::read(&path).unwrap() == made,
            "{name} differs from what the generator makes (KEYPORT_BLESS_CORPUS=1 rewrites)"
        );
    }
}

#[test]
fn every_corpus_file_is_refused_with_its_own_sentence() {
    for (name, kind, expected) in CASES {
        let bytes = std::fs::read(here("tests/corpus").join(name)).unwrap();
        let message = refusal(*kind, &bytes).to_string();
        assert!(message.contains(expected), "{name}: {message}");
    }
    // And the vector itself, re-dated to now, passes: the corpus is wrong only where it says.
    let fresh = signed(|v| v["created_at"] = now_z().into());
    let request = open_activation_request(fresh.as_bytes()).unwrap();
    assert!(
        check_age(
            request.created_at,
            Utc::now(),
            Duration::days(7),
            Duration::minutes(5)
        )
        .is_ok()
    );
}

#[test]
fn requests_too_old_or_from_the_future_are_refused() {
    let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
    let week = Duration::days(7);
    let skew = Duration::minutes(5);
    assert!(check_age(now - Duration::days(6), now, week, skew).is_ok());
    assert!(check_age(now + Duration::minutes(4), now, week, skew).is_ok());
    assert_eq!(
        check_age(now - Duration::days(8), now, week, skew),
        Err(ProtocolError::TooOld {
            age_days: 8,
            max_days: 7
        })
    );
    assert_eq!(
        check_age(now + Duration::hours(1), now, week, skew),
        Err(ProtocolError::FromTheFuture)
    );
}

#[test]
fn the_small_order_points_are_the_eight_and_a_loose_verifier_would_take_the_identity() {
    let mut seen = std::collections::BTreeSet::new();
    for hex_point in SMALL_ORDER {
        let bytes: [u8; 32] = hex(hex_point).try_into().unwrap();
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).unwrap();
        assert!(key.is_weak(), "{hex_point} is not of small order");
        seen.insert(bytes);
    }
    assert_eq!(seen.len(), 8);
    // Why strict verification matters: the identity key with R = identity, S = 0 passes the
    // loose check for any message, and fails the strict one.
    let identity =
        ed25519_dalek::VerifyingKey::from_bytes(&hex(SMALL_ORDER[0]).try_into().unwrap()).unwrap();
    let mut sig = hex(SMALL_ORDER[0]);
    sig.extend([0; 32]);
    let sig = ed25519_dalek::Signature::from_bytes(&sig.try_into().unwrap());
    use ed25519_dalek::Verifier;
    assert!(identity.verify(b"any message at all", &sig).is_ok());
    assert!(identity.verify_strict(b"any message at all", &sig).is_err());
}

#[test]
fn a_byte_order_mark_and_spaces_inside_the_body_are_ignored() {
    let fresh = signed(|v| v["created_at"] = now_z().into());
    let expected = open_activation_request(fresh.as_bytes()).unwrap();
    let notepad = format!("\u{feff}{}", fresh.replace('\n', "\r\n"));
    assert_eq!(
        open_activation_request(notepad.as_bytes()).unwrap(),
        expected
    );
    let indented = fresh
        .lines()
        .map(|l| {
            if l.starts_with("-----") {
                l.to_owned()
            } else {
                format!("  {} {}", &l[..10], &l[10..])
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        open_activation_request(indented.as_bytes()).unwrap(),
        expected
    );
}
