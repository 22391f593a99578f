//! The offline commands and `status`.

use std::path::Path;

use chrono::{Duration, Utc};
use uuid::Uuid;

use crate::state::State;

/// How far the clock may go back before `status` calls it a rollback (NTP adjustments).
const ROLLBACK_TOLERANCE_MINUTES: i64 = 10;

pub fn fingerprint(fingerprint: &str) -> Result<(), String> {
    println!("{fingerprint}");
    for (name, value) in sdk::fingerprint::components() {
        let shown = if value.is_empty() {
            "(none)"
        } else {
            value.as_str()
        };
        eprintln!("  {name} = {shown}");
    }
    Ok(())
}

fn request_id() -> Uuid {
    uuid::Builder::from_random_bytes(rand::random()).into_uuid()
}

pub fn offline_request(
    path: &Path,
    fingerprint: &str,
    product: Uuid,
    license_key: &str,
    out: &Path,
    app_version: &str,
) -> Result<(), String> {
    let mut state = State::load(path)?;
    let key = state.client_key()?;
    let request = sdk::ActivationRequest {
        v: sdk::VERSION,
        kind: sdk::documents::ActivateType::Activate,
        request_id: request_id(),
        created_at: Utc::now(),
        product_id: product,
        license_key: license_key.trim().to_owned(),
        fingerprint: fingerprint.to_owned(),
        host: sdk::Host {
            hostname: sdk::fingerprint::hostname(),
            os: format!("{} ({})", std::env::consts::OS, std::env::consts::ARCH),
            app_version: app_version.to_owned(),
        },
        client_pub: sdk::keys::encode_public_key(&key.verifying_key()),
    };
    sdk::Document::validate(&request).map_err(|e| e.to_string())?;
    std::fs::write(out, sdk::seal(&request, &key))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    state.pending = Some(request);
    state.save(path)?;
    println!(
        "Wrote {}: upload it in the portal's offline activation page.",
        out.display()
    );
    Ok(())
}

/// Verifies `response` against the product key and the request it must answer.
pub fn verify_response(
    text: &[u8],
    public_key: &str,
    expected: &sdk::ActivationRequest,
) -> Result<sdk::ActivationResponse, String> {
    let key = sdk::keys::parse_public_key(public_key)
        .map_err(|_| "the --public-key is not a valid Ed25519 public key")?;
    let kid = sdk::keys::kid(&key);
    let response: sdk::ActivationResponse =
        sdk::SignedFile::parse(sdk::Kind::ActivationResponse, text)
            .and_then(|f| f.open_signed_by(|k| (k == kid).then_some(key)))
            .map_err(|e| e.to_string())?;
    let checks = [
        (response.request_id == expected.request_id, "request_id"),
        (response.fingerprint == expected.fingerprint, "fingerprint"),
        (response.client_pub == expected.client_pub, "client_pub"),
        (response.product_id == expected.product_id, "product_id"),
    ];
    if let Some((_, what)) = checks.iter().find(|(ok, _)| !ok) {
        return Err(sdk::ProtocolError::Mismatch(what).to_string());
    }
    Ok(response)
}

pub fn offline_apply(
    path: &Path,
    fingerprint: &str,
    response: &Path,
    public_key: &str,
) -> Result<(), String> {
    let mut state = State::load(path)?;
    let pending = state
        .pending
        .clone()
        .ok_or("there is no pending request: run `offline-request` first")?;
    if pending.fingerprint != fingerprint {
        return Err("the pending request was made on another machine".into());
    }
    let text =
        std::fs::read(response).map_err(|e| format!("cannot read {}: {e}", response.display()))?;
    let verified = verify_response(&text, public_key, &pending)?;
    state.activation = Some(String::from_utf8_lossy(&text).into_owned());
    state.public_key = Some(public_key.to_owned());
    state.pending = None;
    state.last_seen = Some(Utc::now());
    state.save(path)?;
    println!(
        "Activated: activation {} (license {}).",
        verified.activation_id, verified.license.status
    );
    Ok(())
}

pub fn status(path: &Path, fingerprint: &str) -> Result<(), String> {
    let mut state = State::load(path)?;
    let (Some(text), Some(public_key)) = (state.activation.clone(), state.public_key.clone())
    else {
        return Err("not activated".into());
    };
    let key = sdk::keys::parse_public_key(&public_key).map_err(|e| e.to_string())?;
    let kid = sdk::keys::kid(&key);
    let response: sdk::ActivationResponse =
        sdk::SignedFile::parse(sdk::Kind::ActivationResponse, text.as_bytes())
            .and_then(|f| f.open_signed_by(|k| (k == kid).then_some(key)))
            .map_err(|e| format!("invalid: {e}"))?;
    if response.fingerprint != fingerprint {
        return Err(
            "invalid: the activation belongs to another machine (fingerprint differs)".into(),
        );
    }
    let now = Utc::now();
    if let Some(seen) = state.last_seen
        && now < seen - Duration::minutes(ROLLBACK_TOLERANCE_MINUTES)
    {
        return Err(format!(
            "invalid: the clock was set back (last seen {seen}, now {now})"
        ));
    }
    if response.issued_at > now + Duration::minutes(ROLLBACK_TOLERANCE_MINUTES) {
        return Err("invalid: the clock is behind the activation's issue time".into());
    }
    if let Some(end) = response.expires_at
        && now >= end
    {
        return Err(format!(
            "invalid: the offline lease ended at {end}: activate again"
        ));
    }
    if let Some(end) = response.license.expires_at
        && now >= end
    {
        return Err(format!("invalid: the license expired at {end}"));
    }
    if response.license.status != "active" {
        return Err(format!(
            "invalid: the license is {}",
            response.license.status
        ));
    }
    state.last_seen = Some(state.last_seen.map_or(now, |s| s.max(now)));
    state.save(path)?;
    let lease = response
        .expires_at
        .map_or("no end".to_owned(), |e| e.to_rfc3339());
    println!(
        "valid: activation {}, lease until {lease}",
        response.activation_id
    );
    Ok(())
}

pub fn offline_deactivate(path: &Path, fingerprint: &str, out: &Path) -> Result<(), String> {
    let mut state = State::load(path)?;
    let text = state.activation.clone().ok_or("not activated")?;
    let response: sdk::ActivationResponse =
        sdk::SignedFile::parse(sdk::Kind::ActivationResponse, text.as_bytes())
            .and_then(|f| f.document())
            .map_err(|e| e.to_string())?;
    let key = state.client_key()?;
    let request = sdk::DeactivationRequest {
        v: sdk::VERSION,
        kind: sdk::documents::DeactivateType::Deactivate,
        request_id: request_id(),
        activation_id: response.activation_id,
        fingerprint: fingerprint.to_owned(),
        created_at: Utc::now(),
    };
    // Delete the local activation first: the request is the proof that this machine no
    // longer runs the license.
    state.activation = None;
    state.save(path)?;
    std::fs::write(out, sdk::seal(&request, &key))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "Deactivated locally. Upload {} in the portal to free the seat.",
        out.display()
    );
    Ok(())
}
