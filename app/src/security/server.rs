//! The server half of `security`.

use leptos::{nonce::use_nonce, prelude::use_context};
use leptos_axum::ResponseOptions;

/// This render's nonce, for an inline `<style>` (the policy admits inline styles by nonce).
pub fn nonce() -> Option<String> {
    use_nonce().map(|n| n.to_string())
}

/// Sets `Content-Security-Policy` (with this render's nonce) and `X-Frame-Options` on the
/// page being rendered. Pages refuse to be framed, except the branding preview
/// (`?preview=draft`), which the branding page shows in same-origin frames.
pub fn page_headers() {
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let preview = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.uri
                .query()
                .map(|q| q.split('&').any(|kv| kv == "preview=draft"))
        })
        .unwrap_or(false);
    let (ancestors, frame_options) = if preview {
        ("'self'", "SAMEORIGIN")
    } else {
        ("'none'", "DENY")
    };
    if let Ok(value) = http::HeaderValue::from_str(&super::policy(&nonce, ancestors)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    response.insert_header(
        http::header::X_FRAME_OPTIONS,
        http::HeaderValue::from_static(frame_options),
    );
}
