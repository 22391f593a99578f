//! One server render loads each piece of a page's data once: no SQL statement runs twice and
//! the hydration payload carries no resource twice. (Pages once ran their queries three
//! times per render and shipped the same list three times: the layout re-created the page
//! each time the server walked its `<Suspense>`.)

use crate::{helpers::TestApp, main_pages::main_pages};
use axum::http::StatusCode;
use std::collections::HashMap;

#[tokio::test]
async fn every_main_page_runs_each_statement_once_and_ships_each_resource_once() {
    let app = TestApp::new().await;
    let mut problems = vec![];
    let mut counts = vec![];
    for page in main_pages(&app).await {
        // Once to warm what is written at most once a minute (the session's last use).
        app.get(&page.path, page.cookie.as_deref()).await;
        let (res, statements) = app.get_counting(&page.path, page.cookie.as_deref()).await;
        let at = format!("{} {}", page.who, page.path);
        assert_eq!(res.status, StatusCode::OK, "{at}: {}", res.body);
        counts.push(format!("{:>3} statements  {at}", statements.len()));
        // KEYPORT_SHOW_STATEMENTS=/licenses prints what the pages matching it ran, in order.
        if std::env::var("KEYPORT_SHOW_STATEMENTS").is_ok_and(|p| page.path.contains(&p)) {
            eprintln!("{at}:\n  {}", statements.join("\n  "));
        }
        for (sql, times) in repeated(&statements) {
            problems.push(format!("{at}: ran {times} times: {sql}"));
        }
        for (value, times) in repeated(&resolved_resources(&res.body)) {
            let head: String = value.chars().take(160).collect();
            problems.push(format!(
                "{at}: hydration payload has {times} copies of {head}"
            ));
        }
    }
    eprintln!("{}", counts.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each item that occurs more than once, with how often.
fn repeated(items: &[String]) -> Vec<(String, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for item in items {
        *seen.entry(item).or_default() += 1;
    }
    let mut out: Vec<_> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(s, n)| (s.to_owned(), n))
        .collect();
    out.sort();
    out
}

/// The serialized values of `__RESOLVED_RESOURCES[n] = "...";` in a page (each a Rust
/// debug-quoted string, as hydration_context writes it).
fn resolved_resources(html: &str) -> Vec<String> {
    html.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|rest| rest.split_once("] = \""))
        .map(|(_, value)| quoted_prefix(value).to_owned())
        .collect()
}

/// `s` up to its first unescaped `"`.
fn quoted_prefix(s: &str) -> &str {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return &s[..i],
            _ => {}
        }
    }
    s
}

#[test]
fn repeated_resources_are_found() {
    let html = r#"__RESOLVED_RESOURCES[0] = "{\"x\":1}";__RESOLVED_RESOURCES[1] = "b";</script>
        <script>__RESOLVED_RESOURCES[2] = "{\"x\":1}";</script>"#;
    assert_eq!(
        repeated(&resolved_resources(html)),
        vec![(r#"{\"x\":1}"#.to_owned(), 2)]
    );
}
