//! The bad-input corpus: each broken activation request gets its own, specific error.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use sdk::{Kind, ProtocolError, documents::check_age, keys, open_activation_request, seal_payload};

fn vector() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/activation-request.txt"),
    )
    .unwrap()
}

fn payload() -> serde_json::Value {
    serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/vectors/activation-request.json"),
        )
        .unwrap(),
    )
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

fn error(input: &str) -> ProtocolError {
    open_activation_request(input.as_bytes()).unwrap_err()
}

#[test]
fn every_bad_file_gets_its_own_error() {
    let good = vector();
    assert!(open_activation_request(good.as_bytes()).is_ok());

    assert!(matches!(
        error(&good[..good.len() / 2]),
        ProtocolError::Truncated { .. }
    ));
    assert!(matches!(
        error("just some text"),
        ProtocolError::NotArmoured { .. }
    ));
    assert!(matches!(
        error("<!doctype html><html><body>Login</body></html>"),
        ProtocolError::NotArmoured { .. }
    ));
    assert_eq!(
        open_activation_request(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).unwrap_err(),
        ProtocolError::NotText
    );
    let big = "A".repeat(sdk::MAX_FILE_BYTES + 1);
    assert!(matches!(error(&big), ProtocolError::TooLarge { .. }));

    let body_line = good.lines().nth(1).unwrap();
    assert_eq!(
        error(&good.replacen(body_line, &body_line.replacen('e', "*", 1), 1)),
        ProtocolError::BadBase64 { part: "payload" }
    );
    assert_eq!(
        error(&good.replacen('.', "", 1)),
        ProtocolError::MalformedBody
    );

    let not_json = seal_payload(
        Kind::ActivationRequest,
        b"{not json",
        &keys::signing_key_from_seed([1; 32]),
    );
    assert!(matches!(error(&not_json), ProtocolError::BadJson(_)));

    let unknown = signed(|v| {
        v["admin"] = true.into();
    });
    match error(&unknown) {
        ProtocolError::BadJson(message) => assert!(message.contains("unknown field `admin`")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        error(&signed(|v| v["v"] = 2.into())),
        ProtocolError::UnsupportedVersion {
            found: 2,
            supported: 1
        }
    );
    assert!(matches!(
        error(&signed(|v| v["fingerprint"] = "abc".into())),
        ProtocolError::InvalidField {
            field: "fingerprint",
            ..
        }
    ));

    // Signed by another key than the one it names.
    let other = keys::signing_key_from_seed([9; 32]);
    let forged = seal_payload(
        Kind::ActivationRequest,
        &serde_json::to_vec(&payload()).unwrap(),
        &other,
    );
    assert_eq!(error(&forged), ProtocolError::BadSignature);

    // The original signature over an edited payload: the edit is caught.
    let edited = URL_SAFE_NO_PAD.encode(
        serde_json::to_vec(&{
            let mut v = payload();
            v["license_key"] = "KP-SOMEONE-ELSES-KEY".into();
            v
        })
        .unwrap(),
    );
    let body: String = good.lines().filter(|l| !l.starts_with("-----")).collect();
    let signature = body.split_once('.').unwrap().1;
    let spliced = sdk::armour::armour(Kind::ActivationRequest, &format!("{edited}.{signature}"));
    assert_eq!(error(&spliced), ProtocolError::BadSignature);
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
