//! The server's master key and products' Ed25519 signing keys, sealed with it at rest.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    AeadCore, KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, OsRng},
};
use ed25519_dalek::{SigningKey, VerifyingKey};
use secrecy::{ExposeSecret, SecretBox};

use crate::{Result, ServiceError};

const NONCE_LEN: usize = 24;

/// The 256-bit key that seals product private keys. `Debug` is redacted.
pub struct MasterKey(SecretBox<[u8; 32]>);

impl MasterKey {
    /// A new random key (for a first start or the demo).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self(SecretBox::new(Box::new(bytes)))
    }

    /// Reads 64 hex characters.
    pub fn from_hex(s: &str) -> Result<Self> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(s.trim(), &mut bytes).map_err(|_| {
            ServiceError::Internal("the master key must be 64 hex characters".into())
        })?;
        Ok(Self(SecretBox::new(Box::new(bytes))))
    }

    /// The key as hex: only for persisting a generated key where the operator keeps it.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.expose_secret())
    }

    /// A 256-bit key for one purpose (e.g. `keyport/download-link/v1`), derived with
    /// HMAC-SHA256 so that no other use of the master key can forge what it signs.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        hmac_sha256(self.0.expose_secret(), purpose.as_bytes())
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.expose_secret().into())
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

/// HMAC-SHA256 (RFC 2104) over `sha2`: the `hmac` crate in the lock file is built on another
/// `digest` major version than our `sha2`, and these dozen lines avoid a second SHA-2 stack.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Compares two MACs in time independent of where they differ.
pub fn same_mac(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A product's new key pair, ready to store: public key, `kid` and sealed private key.
pub struct ProductKeys {
    /// Ed25519 public key, base64url.
    pub public_key: String,
    /// First 16 hex of SHA-256 of the public key.
    pub kid: String,
    /// `base64url(nonce || ciphertext)` of the 32-byte private key.
    pub encrypted_private_key: String,
}

impl ProductKeys {
    /// Generates a key pair and seals its private half with `master`.
    pub fn generate(master: &MasterKey) -> Result<Self> {
        let signing = SigningKey::generate(&mut OsRng);
        let public = signing.verifying_key();
        Ok(Self {
            public_key: URL_SAFE_NO_PAD.encode(public.as_bytes()),
            kid: kid(&public),
            encrypted_private_key: seal(master, &signing.to_bytes())?,
        })
    }
}

/// The key id of a public key: first 16 hex characters of its SHA-256 (the SDK's rule).
pub fn kid(public: &VerifyingKey) -> String {
    sdk::keys::kid(public)
}

/// Seals an existing signing key (imports, and the known-answer vectors in tests).
pub fn seal_signing_key(master: &MasterKey, key: &SigningKey) -> Result<String> {
    seal(master, &key.to_bytes())
}

/// Opens a sealed private key (for signing offline responses).
pub fn open_signing_key(master: &MasterKey, sealed: &str) -> Result<SigningKey> {
    let bytes = open(master, sealed)?;
    let secret: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| ServiceError::Internal("a sealed signing key has the wrong length".into()))?;
    Ok(SigningKey::from_bytes(&secret))
}

fn seal(master: &MasterKey, plaintext: &[u8]) -> Result<String> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let ciphertext = master
        .cipher()
        .encrypt(&nonce, plaintext)
        .map_err(|_| ServiceError::Internal("sealing failed".into()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    Ok(URL_SAFE_NO_PAD.encode(out))
}

fn open(master: &MasterKey, sealed: &str) -> Result<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|_| ServiceError::Internal("a sealed key is not base64url".into()))?;
    if bytes.len() <= NONCE_LEN {
        return Err(ServiceError::Internal("a sealed key is too short".into()));
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
    master
        .cipher()
        .decrypt(XNonce::from_slice(nonce), ciphertext)
        // Wrong master key or tampered row: either way the operator must look.
        .map_err(|_| {
            ServiceError::Internal("a sealed key does not open with this master key".into())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signer;

    #[test]
    fn a_sealed_key_opens_with_its_master_key_only() {
        let master = MasterKey::generate();
        let keys = ProductKeys::generate(&master).unwrap();
        let signing = open_signing_key(&master, &keys.encrypted_private_key).unwrap();
        let public = URL_SAFE_NO_PAD.decode(&keys.public_key).unwrap();
        assert_eq!(
            signing.verifying_key().as_bytes().as_slice(),
            public.as_slice()
        );
        assert_eq!(keys.kid, kid(&signing.verifying_key()));
        assert_eq!(keys.kid.len(), 16);
        let _ = signing.sign(b"works");
        assert!(open_signing_key(&MasterKey::generate(), &keys.encrypted_private_key).is_err());
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test cases 1 and 6 (a key longer than the block).
        let mac = hmac_sha256(&[0x0b; 20], b"Hi There");
        assert_eq!(
            hex::encode(mac),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex::encode(mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert!(same_mac(&mac, &mac));
        assert!(!same_mac(&mac, &[0; 32]));
        let master = MasterKey::generate();
        assert_ne!(master.derive("a"), master.derive("b"));
    }

    #[test]
    fn master_keys_round_trip_through_hex_and_never_print() {
        let master = MasterKey::generate();
        let again = MasterKey::from_hex(&master.to_hex()).unwrap();
        assert_eq!(master.to_hex(), again.to_hex());
        assert_eq!(format!("{master:?}"), "MasterKey([redacted])");
        assert!(MasterKey::from_hex("abc").is_err());
    }
}
