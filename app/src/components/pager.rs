//! Links between the pages of a keyset-paginated list: plain links, so they work without
//! JavaScript, with the filters kept in the query string.

use leptos::prelude::*;

/// `path?k=v&...` with the non-empty pairs, values percent-encoded.
pub fn href(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Ids and searches are mostly ASCII; everything else is encoded byte by byte.
fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// "Next page" (when there is one) and "First page" (when this is not the first), labelled
/// by `label` for screen readers ("Pages of users").
#[component]
pub fn Pager(
    label: String,
    next: Option<String>,
    first: Option<String>,
    #[prop(default = "Next page")] next_text: &'static str,
) -> impl IntoView {
    (next.is_some() || first.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {first.map(|href| view! { <a href=href>"First page"</a> })}
                {next.map(|href| view! { <a href=href rel="next">{next_text}</a> })}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::href;

    #[test]
    fn links_keep_the_filters_and_encode_them() {
        assert_eq!(
            href("/org/users", &[("q", ""), ("after", "")]),
            "/org/users"
        );
        assert_eq!(
            href("/org/users", &[("q", "ann b&c"), ("after", "01a2")]),
            "/org/users?q=ann%20b%26c&after=01a2"
        );
    }
}
