//! What an uploaded logo really is, decided by its first bytes (never by its name or the
//! browser's claimed type): PNG, JPEG or WebP, at most [`LOGO_MAX_BYTES`]. SVG is refused
//! because it can carry scripts; HTML renamed `.png` is refused for the same reason.

use crate::{Result, ServiceError};

/// The largest logo accepted, in bytes (512 KiB).
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// The form field logo errors belong to.
pub const FIELD: &str = "logo";

/// An accepted image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP.
    Webp,
}

impl ImageType {
    /// The `Content-Type` the logo is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// "512 KiB", "600.5 KiB": sizes as the messages say them.
pub fn kib(bytes: usize) -> String {
    let k = bytes as f64 / 1024.0;
    if bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{k:.1} KiB")
    }
}

/// The message for a file over the limit; `size` None when the upload was cut off there.
pub fn too_large(size: Option<usize>) -> String {
    match size {
        Some(n) => format!(
            "The logo is {} ({n} bytes); the limit is {}. Use a smaller image.",
            kib(n),
            kib(LOGO_MAX_BYTES)
        ),
        None => format!(
            "The logo is larger than the limit of {}. Use a smaller image.",
            kib(LOGO_MAX_BYTES)
        ),
    }
}

/// The image type of `bytes`, or a refusal that says why.
pub fn check(bytes: &[u8]) -> Result<ImageType> {
    let refuse = |m: String| Err(ServiceError::invalid(FIELD, &m));
    if bytes.is_empty() {
        return refuse("Choose a PNG, JPEG or WebP image to upload.".into());
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return refuse(too_large(Some(bytes.len())));
    }
    // PNG: signature, then the IHDR chunk (length 13) that must come first.
    if bytes.starts_with(PNG) && bytes.len() >= 33 && &bytes[12..16] == b"IHDR" {
        return Ok(ImageType::Png);
    }
    // JPEG: start-of-image marker followed by another marker.
    if bytes.len() >= 4 && bytes[..3] == [0xFF, 0xD8, 0xFF] {
        return Ok(ImageType::Jpeg);
    }
    // WebP: a RIFF container of form type WEBP with a VP8/VP8L/VP8X chunk.
    if bytes.len() >= 16
        && &bytes[..4] == b"RIFF"
        && &bytes[8..12] == b"WEBP"
        && &bytes[12..15] == b"VP8"
    {
        return Ok(ImageType::Webp);
    }
    if looks_like_markup(bytes) {
        return refuse(
            "This file is SVG or HTML text, not a PNG, JPEG or WebP image, whatever its name \
             says. SVG logos are not accepted because they can carry scripts; export the logo \
             as PNG or WebP."
                .into(),
        );
    }
    refuse(
        "This file is not a PNG, JPEG or WebP image (its content was checked, not its name)."
            .into(),
    )
}

/// Text that starts with `<` after an optional byte-order mark and white space: XML, SVG,
/// HTML.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    rest.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kib() {
        assert_eq!(kib(LOGO_MAX_BYTES), "512 KiB");
        assert_eq!(kib(1536), "1.5 KiB");
    }

    #[test]
    fn markup_is_told_apart_from_other_junk() {
        assert!(looks_like_markup(b"\xEF\xBB\xBF  <svg/>"));
        assert!(looks_like_markup(b"\n<!doctype html>"));
        assert!(!looks_like_markup(b"GIF89a"));
    }
}
