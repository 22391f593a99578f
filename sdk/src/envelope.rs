//! The signed body: `base64url(payload) "." base64url(signature)`, the signature being Ed25519
//! over `domain || "\n" || payload`.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use uuid::Uuid;

use crate::{
    ActivationRequest, DeactivationRequest, Document, Kind, ProtocolError, VERSION, armour, keys,
};

/// Signs `doc` with `key` and returns the armoured file.
pub fn seal<D: Document>(doc: &D, key: &SigningKey) -> String {
    // Serializing these plain structs cannot fail (string keys, no maps with non-string keys).
    let payload = serde_json::to_vec(doc).unwrap_or_default();
    seal_payload(D::KIND, &payload, key)
}

/// Signs exact payload bytes (known-answer vectors) and returns the armoured file.
pub fn seal_payload(kind: Kind, payload: &[u8], key: &SigningKey) -> String {
    let signature = key.sign(&signed_message(kind, payload));
    let body = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    );
    armour::armour(kind, &body)
}

fn signed_message(kind: Kind, payload: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(kind.domain().len() + 1 + payload.len());
    message.extend_from_slice(kind.domain().as_bytes());
    message.push(b'\n');
    message.extend_from_slice(payload);
    message
}

/// A file taken apart but not yet trusted: verify it before using its document.
#[derive(Debug, Clone)]
pub struct SignedFile {
    kind: Kind,
    payload: Vec<u8>,
    signature: Signature,
}

impl SignedFile {
    /// Reads the armour and the body of a file of `kind`.
    pub fn parse(kind: Kind, input: &[u8]) -> Result<Self, ProtocolError> {
        let body = armour::dearmour(kind, input)?;
        let (payload, signature) = body.split_once('.').ok_or(ProtocolError::MalformedBody)?;
        if signature.contains('.') {
            return Err(ProtocolError::MalformedBody);
        }
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| ProtocolError::BadBase64 { part: "payload" })?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| ProtocolError::BadBase64 { part: "signature" })?;
        let signature: [u8; 64] = signature
            .try_into()
            .map_err(|_| ProtocolError::BadSignatureLength)?;
        Ok(Self {
            kind,
            payload,
            signature: Signature::from_bytes(&signature),
        })
    }

    /// The payload bytes exactly as signed.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Checks the signature with `key`, strictly (RFC 8032 with the checks of
    /// `verify_strict`): a small-order key or a small-order `R` proves nothing, since such a
    /// signature can verify any message, so either is refused.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), ProtocolError> {
        key.verify_strict(&signed_message(self.kind, &self.payload), &self.signature)
            .map_err(|_| ProtocolError::BadSignature)
    }

    /// A top-level string field read before verification (`kid`, `client_pub`), to pick the key.
    pub fn unverified_str(&self, field: &'static str) -> Result<String, ProtocolError> {
        let value: serde_json::Value = serde_json::from_slice(&self.payload)
            .map_err(|e| ProtocolError::BadJson(e.to_string()))?;
        value
            .get(field)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or(ProtocolError::BadJson(format!("missing field `{field}`")))
    }

    /// The `activation_id` of a deactivation request, read before verification to find the
    /// key that must have signed it.
    pub fn unverified_activation_id(&self) -> Result<Uuid, ProtocolError> {
        let text = self.unverified_str("activation_id")?;
        crate::documents::plain_uuid(&text)
            .map_err(|reason| ProtocolError::BadJson(format!("`activation_id` {reason}")))
    }

    /// The typed document: version checked first, then strict JSON, then field values.
    pub fn document<D: Document>(&self) -> Result<D, ProtocolError> {
        let value: serde_json::Value = serde_json::from_slice(&self.payload)
            .map_err(|e| ProtocolError::BadJson(e.to_string()))?;
        match value.get("v") {
            None => return Err(ProtocolError::BadJson("missing field `v`".into())),
            Some(v) => match v.as_u64() {
                Some(v) if v == u64::from(VERSION) => {}
                Some(found) => {
                    return Err(ProtocolError::UnsupportedVersion {
                        found,
                        supported: VERSION,
                    });
                }
                // `1.0`, `"1"`, `-1`: a version is a plain integer.
                None => {
                    return Err(ProtocolError::InvalidField {
                        field: "v",
                        reason: "the protocol version must be the integer 1",
                    });
                }
            },
        }
        let doc: D = serde_json::from_slice(&self.payload)
            .map_err(|e| ProtocolError::BadJson(e.to_string()))?;
        doc.validate()?;
        Ok(doc)
    }

    /// A client-signed file: verifies it with the client key named in its own payload.
    pub fn open_self_signed<D: Document>(&self) -> Result<D, ProtocolError> {
        let key = keys::parse_public_key(&self.unverified_str("client_pub")?)?;
        self.verify(&key)?;
        self.document()
    }

    /// A product-signed file: picks the key by its `kid` through `key_for`, verifies, parses.
    pub fn open_signed_by<D: Document>(
        &self,
        key_for: impl FnOnce(&str) -> Option<VerifyingKey>,
    ) -> Result<D, ProtocolError> {
        let kid = self.unverified_str("kid")?;
        let key = key_for(&kid).ok_or(ProtocolError::UnknownKey(kid))?;
        self.verify(&key)?;
        self.document()
    }
}

/// Reads and verifies an activation request (self-signed by its `client_pub`).
pub fn open_activation_request(input: &[u8]) -> Result<ActivationRequest, ProtocolError> {
    SignedFile::parse(Kind::ActivationRequest, input)?.open_self_signed()
}

/// Reads a deactivation request and verifies it with the client key stored for the
/// activation it names.
///
/// The order is the protocol's (docs/offline-protocol.md): the envelope, then the
/// `activation_id` read unverified only to pick the key, then the signature, then `v`, the
/// strict JSON and the field formats. The server follows the same order, so a file gets the
/// same first refusal wherever it is sent.
pub fn open_deactivation_request(
    input: &[u8],
    client_key: impl FnOnce(Uuid) -> Option<VerifyingKey>,
) -> Result<DeactivationRequest, ProtocolError> {
    let file = SignedFile::parse(Kind::DeactivationRequest, input)?;
    let activation_id = file.unverified_activation_id()?;
    let key = client_key(activation_id).ok_or(ProtocolError::Mismatch("activation"))?;
    file.verify(&key)?;
    file.document()
}
