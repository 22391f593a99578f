//! Download headers: the byte range asked for, and a safe `Content-Disposition`.

use std::ops::Range;

/// What to send of a file of `size` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slice {
    /// The whole file (200).
    Whole,
    /// One range, end exclusive (206).
    Part(Range<u64>),
    /// A malformed, multi-part or out-of-bounds range (416).
    Unsatisfiable,
}

/// Reads a `Range` header (None = no header). One range only: a multi-range request is
/// answered 416 rather than with a multipart body, which download managers never need.
pub fn slice(range: Option<&str>, size: u64) -> Slice {
    let Some(range) = range else {
        return Slice::Whole;
    };
    let Ok(parsed) = http_range_header::parse_range_header(range) else {
        return Slice::Unsatisfiable;
    };
    match parsed.validate(size).as_deref() {
        Ok([one]) => Slice::Part(*one.start()..one.end() + 1),
        _ => Slice::Unsatisfiable,
    }
}

/// `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187).
pub fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::{Slice, content_disposition, slice};

    #[test]
    fn ranges_within_bounds_are_served_and_others_refused() {
        assert_eq!(slice(None, 100), Slice::Whole);
        assert_eq!(slice(Some("bytes=0-9"), 100), Slice::Part(0..10));
        assert_eq!(slice(Some("bytes=90-"), 100), Slice::Part(90..100));
        assert_eq!(slice(Some("bytes=-5"), 100), Slice::Part(95..100));
        assert_eq!(slice(Some("bytes=50-500"), 100), Slice::Part(50..100));
        for bad in [
            "bytes=100-",
            "bytes=200-300",
            "bytes=9-3",
            "bits=0-1",
            "bytes=a-b",
            "",
            "bytes=0-1,5-6",
        ] {
            assert_eq!(slice(Some(bad), 100), Slice::Unsatisfiable, "{bad}");
        }
    }

    #[test]
    fn disposition_is_an_attachment_with_a_safe_name() {
        assert_eq!(
            content_disposition("widget 2.4.1.tar.gz"),
            "attachment; filename=\"widget 2.4.1.tar.gz\"; filename*=UTF-8''widget%202.4.1.tar.gz"
        );
        let d = content_disposition("Überblick;x=\"y\".zip");
        assert!(d.starts_with("attachment; filename=\"_berblick;x=_y_.zip\"; filename*=UTF-8''%C3%9Cberblick%3Bx%3D%22y%22.zip"), "{d}");
    }
}
