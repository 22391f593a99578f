//! Sentences in a page's URL are the server's own. `__err` (how Leptos tells a page without
//! JavaScript why its form failed) and `error` (the upload routes' refusals) are signed when
//! the server redirects with them; a request that carries one unsigned is sent to the same
//! page without it. So a link can no longer put a sentence of its own choosing into the
//! portal's alert box, on the vendor's own domain (phishing).

use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use service::crypto::{MasterKey, hmac_sha256, same_mac};
use std::sync::Arc;

/// Query parameters that carry a sentence to show.
const MESSAGES: [&str; 2] = ["__err", "error"];
/// The parameter that carries their signature.
const SIGNATURE: &str = "flash";
/// Leptos names the failed function beside `__err`.
const COMPANION: &str = "__path";

/// The key that signs messages in URLs, derived from the master key.
#[derive(Clone)]
pub struct FlashKey(Arc<[u8; 32]>);

impl FlashKey {
    /// This server's key.
    pub fn from_master(master: &MasterKey) -> Self {
        FlashKey(Arc::new(master.derive("keyport/flash-message/v1")))
    }

    fn sign(&self, path: &str, messages: &[(&str, &str)]) -> [u8; 32] {
        let mut data = path.as_bytes().to_vec();
        for (name, value) in messages {
            data.extend_from_slice(format!("\n{name}={value}").as_bytes());
        }
        hmac_sha256(self.0.as_slice(), &data)
    }
}

/// Redirects requests with an unsigned message to the page without it; signs the messages
/// of redirects the server answers with.
pub async fn flash(State(key): State<FlashKey>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD)
        && let Some(clean) = unsigned(&key, req.uri().path(), req.uri().query().unwrap_or(""))
    {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, clean)]).into_response();
    }
    let mut res = next.run(req).await;
    if res.status().is_redirection()
        && let Some(signed) = res
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .and_then(|l| signed_location(&key, l))
        && let Ok(value) = HeaderValue::from_str(&signed)
    {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

/// The query's pairs, raw (still percent-encoded).
fn pairs(query: &str) -> Vec<(&str, &str)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect()
}

fn messages<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    pairs
        .iter()
        .filter(|(k, _)| MESSAGES.contains(k))
        .copied()
        .collect()
}

/// For a request with a message that is not signed for its path: the same page without it.
fn unsigned(key: &FlashKey, path: &str, query: &str) -> Option<String> {
    let all = pairs(query);
    let shown = messages(&all);
    if shown.is_empty() {
        return None;
    }
    let valid = all
        .iter()
        .find(|(k, _)| *k == SIGNATURE)
        .and_then(|(_, v)| hex::decode(v).ok())
        .is_some_and(|mac| same_mac(&key.sign(path, &shown), &mac));
    if valid {
        return None;
    }
    tracing::warn!(
        path,
        "Dropped a message that the server did not sign from a page's URL."
    );
    let kept: Vec<String> = all
        .iter()
        .filter(|(k, _)| !MESSAGES.contains(k) && *k != SIGNATURE && *k != COMPANION)
        .map(|(k, v)| {
            if v.is_empty() {
                (*k).to_owned()
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    Some(if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    })
}

/// `location` with its messages signed, when it has any.
fn signed_location(key: &FlashKey, location: &str) -> Option<String> {
    let (without_fragment, fragment) = match location.split_once('#') {
        Some((l, f)) => (l, Some(f)),
        None => (location, None),
    };
    let (target, query) = without_fragment.split_once('?')?;
    let all = pairs(query);
    let shown = messages(&all);
    if shown.is_empty() {
        return None;
    }
    // The path, whether the location is absolute (Leptos redirects to the Referer) or not.
    let path = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let mac = hex::encode(key.sign(path, &shown));
    let kept: Vec<String> = all
        .iter()
        .filter(|(k, _)| *k != SIGNATURE)
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let mut out = format!("{target}?{}&{SIGNATURE}={mac}", kept.join("&"));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> FlashKey {
        FlashKey(Arc::new([7; 32]))
    }

    fn query_of(location: &str) -> (&str, &str) {
        let rest = location
            .split_once("://")
            .map_or(location, |(_, r)| &r[r.find('/').unwrap()..]);
        let rest = rest.split('#').next().unwrap();
        rest.split_once('?').unwrap()
    }

    #[test]
    fn the_servers_own_messages_pass_and_others_are_dropped() {
        let signed =
            signed_location(&key(), "/vendor/releases?error=File%20too%20big#upload").unwrap();
        assert!(signed.ends_with("#upload"), "{signed}");
        let (path, query) = query_of(&signed);
        assert_eq!(unsigned(&key(), path, query), None);
        // The same sentence on another page, or another sentence, is not the server's.
        assert_eq!(unsigned(&key(), "/login", query), Some("/login".into()));
        let forged = query.replace("File%20too%20big", "Call%20us");
        assert_eq!(unsigned(&key(), path, &forged), Some(path.to_owned()));
        assert_eq!(
            unsigned(&key(), "/login", "staff=1&__path=/rpc/login&__err=eyJ4Ijox"),
            Some("/login?staff=1".into())
        );
        let absolute = signed_location(
            &key(),
            "http://demo.keyport.test/login?__path=%2Frpc%2Flogin&__err=abc%3D",
        )
        .unwrap();
        let (path, query) = query_of(&absolute);
        assert_eq!((path, unsigned(&key(), path, query)), ("/login", None));
        assert_eq!(signed_location(&key(), "/licenses?saved=1"), None);
    }
}
