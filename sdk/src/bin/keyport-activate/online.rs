//! `activate`: the online path, over the licensing API.

use std::path::Path;

use chrono::Utc;
use uuid::Uuid;

use crate::{commands::verify_response, state::State};

pub fn activate(
    path: &Path,
    fingerprint: &str,
    server: &str,
    product: Uuid,
    license_key: &str,
    public_key: &str,
    app_version: &str,
) -> Result<(), String> {
    let mut state = State::load(path)?;
    let key = state.client_key()?;
    let request = sdk::ActivationRequest {
        v: sdk::VERSION,
        kind: sdk::documents::ActivateType::Activate,
        request_id: uuid::Builder::from_random_bytes(rand::random()).into_uuid(),
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
    let body = serde_json::json!({
        "license_key": request.license_key,
        "fingerprint": request.fingerprint,
        "hostname": request.host.hostname,
        "os": request.host.os,
        "app_version": request.host.app_version,
        "client_pub": request.client_pub,
        "request_id": request.request_id,
    });
    let url = format!("{}/api/v1/activations", server.trim_end_matches('/'));
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut res = agent
        .post(&url)
        .header("content-type", "application/json")
        .send(body.to_string().as_bytes())
        .map_err(|e| format!("cannot reach {url}: {e}"))?;
    let status = res.status();
    let text = res
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| format!("the server answered {status} without JSON"))?;
    if !status.is_success() {
        let code = json["error"]["code"].as_str().unwrap_or("UNKNOWN");
        let message = json["error"]["message"].as_str().unwrap_or("");
        return Err(format!("{code}: {message}"));
    }
    let certificate = json["certificate"]
        .as_str()
        .ok_or("the server sent no signed activation")?;
    let verified = verify_response(certificate.as_bytes(), public_key, &request)?;
    state.activation = Some(certificate.to_owned());
    state.public_key = Some(public_key.to_owned());
    state.last_seen = Some(Utc::now());
    state.save(path)?;
    println!("Activated online: activation {}.", verified.activation_id);
    Ok(())
}
