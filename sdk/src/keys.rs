//! Ed25519 keys as the protocol writes them: base64url without padding, and the key id.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::ProtocolError;

/// A public key as base64url (32 bytes -> 43 characters).
pub fn encode_public_key(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

/// Reads a base64url public key, refusing anything that is not a valid Ed25519 point.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, ProtocolError> {
    let invalid = ProtocolError::InvalidField {
        field: "client_pub",
        reason: "must be an Ed25519 public key in base64url (32 bytes)",
    };
    let bytes: [u8; 32] = URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(invalid.clone())?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| invalid)
}

/// The key id of a public key: the first 16 hex characters of its SHA-256.
pub fn kid(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A signing key from a 32-byte seed (tests, vectors, the CLI's state file).
pub fn signing_key_from_seed(seed: [u8; 32]) -> SigningKey {
    SigningKey::from_bytes(&seed)
}
