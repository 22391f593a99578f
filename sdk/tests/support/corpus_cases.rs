//! The bad-input corpus's cases, shared by the tests of `sdk`, `service` and `server`
//! (included with `#[path]`): each file of `sdk/tests/corpus/` and how it is refused.

/// Every corpus file, whether it is uploaded as a deactivation request (else an activation
/// request), and the sentence it gets (a part of it).
pub const CASES: &[(&str, bool, &str)] = &[
    ("truncated.txt", false, "the file is truncated"),
    ("not-armoured.txt", false, "this is not a Keyport file"),
    ("html-page.html", false, "this is not a Keyport file"),
    ("binary.jpg", false, "the file is not text"),
    ("too-large.txt", false, "the file is too large"),
    (
        "bad-base64.txt",
        false,
        "the file's payload is not valid base64url",
    ),
    (
        "no-signature.txt",
        false,
        "expected two parts separated by a dot",
    ),
    ("bad-json.txt", false, "the file's content is not valid"),
    ("unknown-field.txt", false, "unknown field `admin`"),
    ("wrong-version.txt", false, "unsupported protocol version 2"),
    (
        "bad-fingerprint.txt",
        false,
        "the field `fingerprint` is not valid",
    ),
    (
        "signed-by-another-key.txt",
        false,
        "the signature does not match",
    ),
    (
        "edited-after-signing.txt",
        false,
        "the signature does not match",
    ),
    ("one-bit-flipped.txt", false, "the signature does not match"),
    ("too-old.txt", false, "the request is too old"),
    (
        "from-the-future.txt",
        false,
        "the request is dated in the future",
    ),
    (
        "activation-request-as-deactivation.txt",
        true,
        "this is an activation request, not a deactivation request",
    ),
    (
        "offset-timestamp.txt",
        false,
        "a time must be RFC 3339 in UTC ending in `Z`",
    ),
    (
        "urn-uuid.txt",
        false,
        "an id must be a lowercase hyphenated UUID",
    ),
    (
        "version-as-float.txt",
        false,
        "the protocol version must be the integer 1",
    ),
    (
        "bidi-hostname.txt",
        false,
        "the field `host.hostname` contains an invisible or direction-changing character (U+202E)",
    ),
    (
        "zero-width-hostname.txt",
        false,
        "the field `host.hostname` contains an invisible or direction-changing character (U+200B)",
    ),
    (
        "small-order-key-0.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-1.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-2.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-3.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-4.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-5.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-6.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
    (
        "small-order-key-7.txt",
        false,
        "weak (small-order) Ed25519 key",
    ),
];
