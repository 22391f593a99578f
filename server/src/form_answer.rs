//! Small pieces of how the plain-form upload routes answer (releases, offline files): whether
//! the page asked for JSON, a sentence in a query string. Hand-written
//! because each is a few lines and the crate for them (form_urlencoded) would be
//! a new dependency for one call. HTML text goes through `app::escape::html`.

use axum::http::{HeaderMap, header};

/// Whether the request asked for JSON (the hydrated page sends `Accept: application/json`).
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// A query-string value: unreserved characters stay, every other byte is percent-encoded.
pub fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_survives_the_query_string() {
        assert_eq!(query_value("A b/é."), "A%20b%2F%C3%A9.");
    }
}
