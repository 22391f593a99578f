//! Session tokens: 256 random bits for the cookie, SHA-256 hex in the database.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{RngCore, rngs::OsRng};
use secrecy::SecretString;
use sha2::{Digest, Sha256};

/// A new token, as a plain string (to hash) and as a secret (to hand out).
pub(crate) struct Token {
    pub(crate) raw: String,
    pub(crate) secret: SecretString,
}

/// A fresh token from the operating system's generator, base64url without padding.
pub(crate) fn generate() -> Token {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let raw = URL_SAFE_NO_PAD.encode(bytes);
    Token {
        secret: SecretString::from(raw.clone()),
        raw,
    }
}

/// Hex SHA-256 of a token: what the database stores and looks up, so a leaked table holds no
/// usable session.
pub(crate) fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_differ() {
        let a = generate();
        assert_eq!(URL_SAFE_NO_PAD.decode(&a.raw).unwrap().len(), 32);
        assert_ne!(a.raw, generate().raw);
        assert_eq!(hash_token(&a.raw).len(), 64);
        assert_ne!(hash_token(&a.raw), a.raw);
    }
}
