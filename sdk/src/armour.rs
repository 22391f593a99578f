//! ASCII armour: `-----BEGIN KEYPORT ...-----`, the body in 64-column lines, `-----END ...-----`.

use crate::ProtocolError;

/// Largest file accepted (and the upload cap of the portal): 64 KiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024;

const LINE: usize = 64;

/// The four kinds of offline file, each with its armour label and signature domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Made by the SDK on the offline machine, signed by the client key.
    ActivationRequest,
    /// Made by the server, signed by the product key.
    ActivationResponse,
    /// Made by the SDK when it removes its activation, signed by the client key.
    DeactivationRequest,
    /// Made by the server once the seat is free, signed by the product key.
    DeactivationReceipt,
    /// The online API's answer to a validation, signed by the product key.
    Validation,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::ActivationRequest,
        Kind::ActivationResponse,
        Kind::DeactivationRequest,
        Kind::DeactivationReceipt,
        Kind::Validation,
    ];

    /// The armour label (`KEYPORT ACTIVATION REQUEST`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::ActivationRequest => "KEYPORT ACTIVATION REQUEST",
            Kind::ActivationResponse => "KEYPORT ACTIVATION RESPONSE",
            Kind::DeactivationRequest => "KEYPORT DEACTIVATION REQUEST",
            Kind::DeactivationReceipt => "KEYPORT DEACTIVATION RECEIPT",
            Kind::Validation => "KEYPORT VALIDATION",
        }
    }

    /// The signature domain (`keyport/offline-request/v1`).
    pub fn domain(self) -> &'static str {
        match self {
            Kind::ActivationRequest => "keyport/offline-request/v1",
            Kind::ActivationResponse => "keyport/offline-response/v1",
            Kind::DeactivationRequest => "keyport/offline-deactivation/v1",
            Kind::DeactivationReceipt => "keyport/deactivation-receipt/v1",
            Kind::Validation => "keyport/validation/v1",
        }
    }

    /// Human words for errors ("activation request").
    pub fn words(self) -> &'static str {
        match self {
            Kind::ActivationRequest => "activation request",
            Kind::ActivationResponse => "activation response",
            Kind::DeactivationRequest => "deactivation request",
            Kind::DeactivationReceipt => "deactivation receipt",
            Kind::Validation => "validation",
        }
    }
}

/// Wraps `body` in the armour of `kind`, 64 columns, ending with a newline.
pub fn armour(kind: Kind, body: &str) -> String {
    let mut out = format!("-----BEGIN {}-----\n", kind.label());
    for chunk in body.as_bytes().chunks(LINE) {
        // The body is base64url and '.', all ASCII: chunks are valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {}-----\n", kind.label()));
    out
}

/// Finds the armour of `kind` in `input` and returns its body without whitespace.
///
/// Text before the BEGIN line and after the END line is ignored (a file pasted from an email),
/// and so is white space anywhere inside the body (spaces, tabs, `\n` or `\r\n` line ends)
/// and a UTF-8 byte order mark at the start (a file saved again by Notepad). Anything else that
/// is not UTF-8 text without control characters is refused.
pub fn dearmour(kind: Kind, input: &[u8]) -> Result<String, ProtocolError> {
    if input.len() > MAX_FILE_BYTES {
        return Err(ProtocolError::TooLarge {
            size: input.len(),
            max: MAX_FILE_BYTES,
        });
    }
    let text = std::str::from_utf8(input).map_err(|_| ProtocolError::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ProtocolError::NotText);
    }
    let mut lines = text.lines().map(str::trim);
    let begin = format!("-----BEGIN {}-----", kind.label());
    loop {
        let Some(line) = lines.next() else {
            return Err(ProtocolError::NotArmoured {
                expected: kind.label(),
            });
        };
        if line == begin {
            break;
        }
        if let Some(other) = Kind::ALL
            .iter()
            .find(|k| line == format!("-----BEGIN {}-----", k.label()))
        {
            return Err(ProtocolError::WrongKind {
                expected: kind.words(),
                found: other.words().to_owned(),
            });
        }
    }
    let end = format!("-----END {}-----", kind.label());
    let mut body = String::new();
    for line in lines {
        if line == end {
            return Ok(body);
        }
        if line.starts_with("-----") {
            break;
        }
        body.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
    }
    Err(ProtocolError::Truncated {
        label: kind.label(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armour_round_trips_and_wraps_at_64_columns() {
        let body = "a".repeat(150);
        let text = armour(Kind::ActivationRequest, &body);
        assert!(
            text.lines()
                .all(|l| l.len() <= 64 || l.starts_with("-----"))
        );
        assert_eq!(text.lines().count(), 5);
        assert_eq!(
            dearmour(Kind::ActivationRequest, text.as_bytes()).unwrap(),
            body
        );
        let pasted = format!(
            "Hello,\r\nhere it is:\r\n\r\n{}\r\nThanks",
            text.replace('\n', "\r\n")
        );
        assert_eq!(
            dearmour(Kind::ActivationRequest, pasted.as_bytes()).unwrap(),
            body
        );
        // Notepad's byte order mark, and spaces and tabs inside lines (an email client's
        // indentation), are ignored as the protocol says.
        let notepad = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(
            dearmour(Kind::ActivationRequest, notepad.as_bytes()).unwrap(),
            body
        );
        let spaced = text.replace("aaaa", "aa aa").replace('\n', "\n\t ");
        assert_eq!(
            dearmour(Kind::ActivationRequest, spaced.as_bytes()).unwrap(),
            body
        );
    }

    #[test]
    fn each_armour_error_is_specific() {
        let text = armour(Kind::DeactivationRequest, "abc.def");
        assert_eq!(
            dearmour(Kind::ActivationRequest, text.as_bytes()),
            Err(ProtocolError::WrongKind {
                expected: "activation request",
                found: "deactivation request".into()
            })
        );
        assert!(matches!(
            dearmour(Kind::ActivationRequest, b"<html><body>hi</body></html>"),
            Err(ProtocolError::NotArmoured { .. })
        ));
        assert_eq!(
            dearmour(Kind::ActivationRequest, &[0x89, b'P', b'N', b'G', 0, 1]),
            Err(ProtocolError::NotText)
        );
        let cut = armour(Kind::ActivationRequest, "abc.def");
        assert!(matches!(
            dearmour(Kind::ActivationRequest, &cut.as_bytes()[..cut.len() - 20]),
            Err(ProtocolError::Truncated { .. })
        ));
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(matches!(
            dearmour(Kind::ActivationRequest, &big),
            Err(ProtocolError::TooLarge { .. })
        ));
    }
}
