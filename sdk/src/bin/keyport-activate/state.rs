//! The local state file: client key, pending offline request, stored activation.

use std::path::Path;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

/// What `keyport-activate` remembers between runs. The client key is a secret of this
/// machine: the file is written with mode 0600.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The client's Ed25519 seed, base64url.
    pub client_seed: Option<String>,
    /// The offline request waiting for its response.
    pub pending: Option<sdk::ActivationRequest>,
    /// The signed activation response (armoured).
    pub activation: Option<String>,
    /// The product public key that verifies it.
    pub public_key: Option<String>,
    /// The latest time this machine has seen (to detect a clock set back).
    pub last_seen: Option<DateTime<Utc>>,
}

impl State {
    /// Reads the file, or an empty state when it does not exist.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| format!("{} is not a valid state file: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Writes the file (mode 0600 on Unix).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        write_private(path, &json).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The client key, created on first use.
    pub fn client_key(&mut self) -> Result<SigningKey, String> {
        if self.client_seed.is_none() {
            let seed: [u8; 32] = rand::random();
            self.client_seed = Some(URL_SAFE_NO_PAD.encode(seed));
        }
        let seed: [u8; 32] = URL_SAFE_NO_PAD
            .decode(self.client_seed.as_deref().unwrap_or_default())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("the state file's client key is damaged")?;
        Ok(SigningKey::from_bytes(&seed))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(tmp, path)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
