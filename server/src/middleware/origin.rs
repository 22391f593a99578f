//! Refuses state-changing requests that a browser sent from another site (CSRF).
//!
//! Browsers label every request with `Sec-Fetch-Site` and send `Origin` on POSTs; either one
//! that names another site refuses the request, and so does a `Referer` of another host when
//! there is no `Origin` (older or privacy-stripped browsers). Requests with none of them come
//! from non-browser clients, which hold no ambient cookies to abuse.

use app::AppError;
use axum::{
    extract::Request,
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

const REFUSED: &str = "Cross-site requests are not accepted: open the page on this site and send the form from there.";

/// 403 for a cross-site POST, PUT, PATCH or DELETE.
pub async fn origin_check(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "Refused a cross-site request.");
        return refusal(&req);
    }
    next.run(req).await
}

/// The refusal in the caller's terms: a server function gets its JSON error, the licensing
/// API its `{"error": {...}}`, a page's script (`Accept: application/json`, the upload
/// routes) `{"message": ...}`, and a plain form a short page with the sentence.
fn refusal(req: &Request) -> Response {
    let path = req.uri().path();
    if path.starts_with("/rpc/") {
        let mut res = super::rpc_guard::json_error(&AppError::BadRequest(REFUSED.into()));
        *res.status_mut() = StatusCode::FORBIDDEN;
        return res;
    }
    if path.starts_with("/api/v1/") {
        return crate::api_v1::ApiError::new(StatusCode::FORBIDDEN, "CROSS_SITE_REFUSED", REFUSED)
            .into_response();
    }
    if crate::form_answer::wants_json(req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            axum::Json(serde_json::json!({ "message": REFUSED })),
        )
            .into_response();
    }
    (
        StatusCode::FORBIDDEN,
        axum::response::Html(format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Refused · Keyport</title><link rel=\"stylesheet\" href=\"/pkg/keyport.css\">\
             </head><body><main id=\"main\" class=\"auth\"><h1>Refused</h1>\
             <p role=\"alert\" class=\"error\">{REFUSED}</p><p><a href=\"/\">Home</a></p>\
             </main></body></html>\n"
        )),
    )
        .into_response()
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    // `same-site` is refused too: sibling subdomains belong to other vendor accounts.
    if let Some(site) = fetch_site
        && site != "same-origin"
        && site != "none"
    {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    // The `Origin` names scheme and host; a `Referer` names a whole URL of the page.
    let (claimed, whole_url) = match (headers.get(header::ORIGIN), headers.get(header::REFERER)) {
        (Some(origin), _) => (origin, false),
        (None, Some(referer)) => (referer, true),
        (None, None) => return false,
    };
    let claimed_host = claimed
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| {
            if whole_url {
                rest.split(['/', '?', '#']).next().unwrap_or_default()
            } else {
                rest
            }
        });
    match (claimed_host, host) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_requests_pass() {
        let h = headers(&[
            ("host", "portal.example.com"),
            ("origin", "https://portal.example.com"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(!is_cross_site(&h));
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(!is_cross_site(&headers(&[("host", "portal.example.com")])));
    }

    #[test]
    fn cross_site_and_same_site_are_refused() {
        for site in ["cross-site", "same-site"] {
            let h = headers(&[("host", "a.example.com"), ("sec-fetch-site", site)]);
            assert!(is_cross_site(&h), "{site}");
        }
    }

    #[test]
    fn a_foreign_or_null_origin_is_refused() {
        let h = headers(&[
            ("host", "portal.example.com"),
            ("origin", "https://evil.example"),
        ]);
        assert!(is_cross_site(&h));
        let h = headers(&[("host", "portal.example.com"), ("origin", "null")]);
        assert!(is_cross_site(&h));
    }

    #[test]
    fn without_an_origin_a_foreign_referer_is_refused() {
        let h = headers(&[
            ("host", "portal.example.com"),
            ("referer", "https://evil.example/portal.example.com/page"),
        ]);
        assert!(is_cross_site(&h));
        let h = headers(&[
            ("host", "portal.example.com"),
            ("referer", "https://portal.example.com/vendor/settings?x=1"),
        ]);
        assert!(!is_cross_site(&h));
        let h = headers(&[("host", "portal.example.com"), ("referer", "not a url")]);
        assert!(is_cross_site(&h));
    }
}
