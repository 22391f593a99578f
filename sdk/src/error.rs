//! Everything that can be wrong with an offline file, each with a sentence a person can act on.

/// Why a file was refused. The `Display` text is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// Larger than [`crate::MAX_FILE_BYTES`].
    #[error("the file is too large ({size} bytes; a Keyport file is at most {max} bytes)")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The cap.
        max: usize,
    },
    /// Not UTF-8 text, or text with control characters.
    #[error(
        "the file is not text: a Keyport file is plain UTF-8 text without control characters \
         (was a binary file chosen?)"
    )]
    NotText,
    /// No `-----BEGIN KEYPORT ...-----` line.
    #[error("this is not a Keyport file: the line \"-----BEGIN {expected}-----\" is missing")]
    NotArmoured {
        /// The label that was expected.
        expected: &'static str,
    },
    /// A Keyport file of another kind.
    #[error(
        "this is {}, not {}: choose the other file",
        with_article(found),
        with_article(expected)
    )]
    WrongKind {
        /// The label expected.
        expected: &'static str,
        /// The label found.
        found: String,
    },
    /// The BEGIN line is there, but not the END line.
    #[error("the file is truncated: the line \"-----END {label}-----\" is missing")]
    Truncated {
        /// The file's label.
        label: &'static str,
    },
    /// The body is not `payload.signature`.
    #[error("the file's body is damaged: expected two parts separated by a dot")]
    MalformedBody,
    /// A part is not base64url.
    #[error("the file's {part} is not valid base64url (the file is damaged)")]
    BadBase64 {
        /// `payload` or `signature`.
        part: &'static str,
    },
    /// The signature is not 64 bytes.
    #[error("the file's signature has the wrong length (the file is damaged)")]
    BadSignatureLength,
    /// The signature does not verify.
    #[error(
        "the signature does not match: the file was changed after it was signed, or signed by \
         another key"
    )]
    BadSignature,
    /// The payload is not the JSON this kind requires (including unknown fields).
    #[error("the file's content is not valid: {0}")]
    BadJson(String),
    /// A version this crate does not read.
    #[error("unsupported protocol version {found}: this server reads version {supported}")]
    UnsupportedVersion {
        /// The file's `v`.
        found: u64,
        /// [`crate::VERSION`].
        supported: u32,
    },
    /// A field is well-formed JSON but not a valid value.
    #[error("the field `{field}` is not valid: {reason}")]
    InvalidField {
        /// The field name.
        field: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// Text that people will read holds an invisible or direction-changing character.
    #[error("the field `{field}` contains {}: make the request again without it", crate::text::describe(*found))]
    HiddenCharacter {
        /// The field name.
        field: &'static str,
        /// The first such character.
        found: char,
    },
    /// The response names a key id no known key has.
    #[error("the file was signed with an unknown key (kid {0})")]
    UnknownKey(String),
    /// The response or receipt does not answer the pending request.
    #[error("the response does not match the pending request: its {0} differs")]
    Mismatch(&'static str),
    /// Older than the maximum age.
    #[error(
        "the request is too old: it was made {} ago, and requests are accepted for {}; make a \
         new one on the machine",
        days(*age_days),
        days(*max_days)
    )]
    TooOld {
        /// Age in whole days.
        age_days: i64,
        /// Limit in days.
        max_days: i64,
    },
    /// Made in the future (beyond the allowed clock skew).
    #[error("the request is dated in the future: check the clock of the machine that made it")]
    FromTheFuture,
}

/// "1 day", "7 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// "an activation request", "a deactivation request".
fn with_article(words: &str) -> String {
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_day_is_singular() {
        let text = ProtocolError::TooOld {
            age_days: 1,
            max_days: 1,
        }
        .to_string();
        assert!(
            text.contains("made 1 day ago, and requests are accepted for 1 day;"),
            "{text}"
        );
        let text = ProtocolError::TooOld {
            age_days: 9,
            max_days: 7,
        }
        .to_string();
        assert!(
            text.contains("made 9 days ago, and requests are accepted for 7 days;"),
            "{text}"
        );
    }
}
