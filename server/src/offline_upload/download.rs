//! The signed file of a confirmed offline upload, as a download named for the vendor's portal.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// `name` as the start of a file name: lower-case ASCII letters and digits, anything else one
/// `-`, at most 40 characters; "keyport" when nothing is left (a name in another script).
fn file_prefix(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(40);
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "keyport".to_owned()
    } else {
        out.to_owned()
    }
}

pub(super) fn file(filename: &str, contents: String, site: &str) -> Response {
    // Named for the vendor's portal ("northwind-portal-activation-<id>.txt"), so the customer
    // can tell whose file it is among their downloads. The name is ours (ASCII letters,
    // digits, '-' and '.'), so the plain `filename=` form of RFC 6266 is exact.
    let name = format!("{}-{filename}", file_prefix(site));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        contents,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::file_prefix;

    #[test]
    fn file_names_start_with_the_portal_name_in_plain_ascii() {
        assert_eq!(file_prefix("Northwind Portal"), "northwind-portal");
        assert_eq!(file_prefix("  Acme & Co. (EU)  "), "acme-co-eu");
        assert_eq!(file_prefix("Überblick GmbH"), "berblick-gmbh");
        assert_eq!(file_prefix("日本"), "keyport");
        assert_eq!(file_prefix("\"/../x;y"), "x-y");
        assert_eq!(file_prefix(&"a".repeat(60)).len(), 40);
        // Cut at 40 characters, then no trailing '-'.
        assert_eq!(
            file_prefix("abc-def-ghi-jkl-mno-pqr-stu-vwx-yz0-123 - tail"),
            "abc-def-ghi-jkl-mno-pqr-stu-vwx-yz0-123"
        );
    }
}
