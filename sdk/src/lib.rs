//! Keyport's client SDK: the offline activation protocol, version 1 (docs/offline-protocol.md).
//!
//! A file is ASCII armour around `base64url(payload) "." base64url(signature)`, the payload is
//! UTF-8 JSON, and the signature is Ed25519 over `domain || "\n" || payload`. The four file
//! kinds are [`Kind`]; their payloads are the structs in [`documents`]. [`seal`] signs and
//! armours a document; [`SignedFile::parse`] reads a file strictly and says precisely what is
//! wrong with a bad one ([`ProtocolError`]). The server (`service`) uses this same code, so
//! client and server can never disagree about the format.

pub mod armour;
pub mod documents;
pub mod envelope;
pub mod error;
pub mod fingerprint;
pub mod keys;
pub mod text;

pub use armour::{Kind, MAX_FILE_BYTES};
pub use documents::{
    ActivationRequest, ActivationResponse, DeactivationReceipt, DeactivationRequest, Document,
    Host, LicenseFacts, Validation,
};
pub use envelope::{
    SignedFile, open_activation_request, open_deactivation_request, seal, seal_payload,
};
pub use error::ProtocolError;

/// The protocol version this crate writes and the only one it reads.
pub const VERSION: u32 = 1;
