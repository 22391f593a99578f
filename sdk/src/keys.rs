//! Ed25519 keys as the protocol writes them: base64url without padding, and the key id.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::ProtocolError;

/// A public key as base64url (32 bytes -> 43 characters).
pub fn encode_public_key(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

/// Reads a base64url public key, refusing anything that is not a valid Ed25519 point, a
/// small-order point (the identity and the seven others: with one, a forged signature verifies
/// any message) and a non-canonical encoding of a point (one key, one spelling).
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
    let key = VerifyingKey::from_bytes(&bytes).map_err(|_| invalid.clone())?;
    if key.is_weak() {
        return Err(ProtocolError::InvalidField {
            field: "client_pub",
            reason: "is a weak (small-order) Ed25519 key, which proves nothing",
        });
    }
    if key.to_edwards().compress().to_bytes() != bytes {
        return Err(invalid);
    }
    Ok(key)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight points of small order, canonically encoded ("Taming the many EdDSAs",
    /// Chalkias et al. 2020, table 6), and non-canonical spellings of some of them.
    pub(crate) const SMALL_ORDER: [&str; 8] = [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    ];

    fn key_text(hex: &str) -> String {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn small_order_and_non_canonical_keys_are_refused() {
        for hex in SMALL_ORDER {
            let err = parse_public_key(&key_text(hex)).unwrap_err();
            assert!(
                err.to_string().contains("weak (small-order)"),
                "{hex}: {err}"
            );
        }
        // y = p + 1 and y = p + 5 (p = 2^255 - 19): other spellings of valid y values.
        for hex in [
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "f2ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        ] {
            assert!(parse_public_key(&key_text(hex)).is_err(), "{hex}");
        }
        let good = signing_key_from_seed([7; 32]).verifying_key();
        assert_eq!(parse_public_key(&encode_public_key(&good)), Ok(good));
    }
}
