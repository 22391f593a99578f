//! Stored XSS: 45 payloads written into every text field a vendor or customer can set (and a
//! machine can report), straight into the database so no validation helps, then every page
//! that shows them is rendered: no payload may come out as markup, in the `<title>` (leptos_meta
//! once wrote it there raw), in an attribute, in the text or in the hydration data.

use crate::helpers::{DEMO_HOST, TestApp};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use service::entities::{
    account, activation, branding, license, organization, product, release, user, user_group,
};

/// Classic vectors (OWASP's XSS filter evasion cheat sheet and PortSwigger's list), each
/// aimed at one context: element content, a title, a quoted attribute, a URL, a script.
const PAYLOADS: [&str; 45] = [
    "</title><script>alert(document.domain)</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "\" autofocus onfocus=\"alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<object data=\"javascript:alert(1)\">",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<marquee onstart=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "\\\"><script>alert(1)</script>",
    "<img src=\"x\" onerror=\"eval(atob('YWxlcnQoMSk='))\">",
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "{{constructor.constructor('alert(1)')()}}\"<x>",
    "<x contenteditable onblur=alert(1)>lose focus",
    "\u{202e}<bdo dir=rtl><script>alert(1)</script>",
];

#[tokio::test]
async fn no_stored_payload_comes_out_as_markup_on_any_page() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let admin = app.login("admin@vendor.example").await;
    let (license_id, _) = app.license_ids(&owner, DEMO_HOST).await.remove(0);
    let owner_pages = [
        "/".to_owned(),
        "/licenses".to_owned(),
        format!("/licenses/{license_id}"),
        format!("/licenses/{license_id}/releases"),
        "/releases".to_owned(),
        "/org/users".to_owned(),
        "/org/groups".to_owned(),
        "/profile".to_owned(),
    ];
    let admin_pages = [
        "/vendor",
        "/vendor/licenses",
        "/vendor/releases",
        "/vendor/products",
        "/vendor/organizations",
        "/vendor/settings/branding",
    ];
    let pages: Vec<(&str, Option<&str>)> = owner_pages
        .iter()
        .map(|p| (p.as_str(), Some(owner.as_str())))
        .chain(admin_pages.iter().map(|p| (*p, Some(admin.as_str()))))
        .chain([("/login", None)])
        .collect();
    // Each page's elements and attribute names with harmless text in every field: a payload
    // that became markup adds an element or an attribute.
    plant(&app, "plain text", 0).await;
    let mut baseline = vec![];
    for (path, cookie) in &pages {
        let res = app.get(path, *cookie).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        baseline.push(structure(&split_scripts(&res.body).0));
    }
    let mut problems = vec![];
    for (n, payload) in PAYLOADS.iter().enumerate() {
        plant(&app, payload, n).await;
        for ((path, cookie), expected) in pages.iter().zip(&baseline) {
            let res = app.get(path, *cookie).await;
            assert_eq!(
                res.status,
                StatusCode::OK,
                "{path} with payload {n}: {}",
                res.body
            );
            if let Some(problem) = unescaped(&res.body, payload, expected) {
                problems.push(format!("payload {n} on {path}: {problem}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn release_notes_become_sanitized_markup_only() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let mut problems = vec![];
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let notes = format!("# Notes {n}\n\n{payload}\n\n[link](javascript:alert(1)) <{payload}>");
        release::Entity::update_many()
            .col_expr(release::Column::Notes, Expr::value(notes))
            .exec(&app.db)
            .await
            .unwrap();
        let res = app.get("/releases", Some(&owner)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let (markup, _) = split_scripts(&res.body);
        let notes = notes_tags(&markup);
        assert!(!notes.is_empty(), "no notes on the page");
        for (tag, values) in notes {
            let name = tag
                .split(' ')
                .next()
                .unwrap_or_default()
                .trim_start_matches('/');
            let attrs: Vec<&str> = tag.split(' ').skip(1).collect();
            let executable = matches!(
                name,
                "iframe"
                    | "object"
                    | "embed"
                    | "base"
                    | "form"
                    | "meta"
                    | "svg"
                    | "math"
                    | "style"
                    | "template"
                    | "noscript"
                    | "isindex"
                    | "marquee"
                    | "video"
            ) || (name == "script" && !attrs.contains(&"nonce"))
                || (name == "link" && !attrs.contains(&"rel"))
                || attrs
                    .iter()
                    .any(|a| a.starts_with("on") || *a == "style" || *a == "srcdoc")
                || values.iter().any(|v| {
                    v.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:")
                });
            if executable {
                problems.push(format!("payload {n}: `{tag}` {values:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The tags inside every `<div class="notes">` of `markup`.
fn notes_tags(markup: &str) -> Vec<(String, Vec<String>)> {
    let mut out = vec![];
    for (at, _) in markup.match_indices("<div class=\"notes\"") {
        let mut depth = 0;
        for (tag, values) in tags(&markup[at..]) {
            let name = tag.split(' ').next().unwrap_or_default().to_owned();
            match name.as_str() {
                "div" => depth += 1,
                "/div" => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            out.push((tag, values));
        }
    }
    out
}

/// Writes `payload` (with `n`, so unique names stay unique) into every text field.
async fn plant(app: &TestApp, payload: &str, n: usize) {
    let db = &app.db;
    let text = |suffix: &str| format!("{payload} {suffix}{n}");
    // For the short columns (PostgreSQL enforces their length): the unique part first.
    let short = |suffix: &str, max: usize| -> String {
        format!("{suffix}{n} {payload}").chars().take(max).collect()
    };
    for (i, p) in product::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .enumerate()
    {
        product::Entity::update_many()
            .col_expr(product::Column::Name, Expr::value(text(&format!("p{i}-"))))
            .filter(product::Column::Id.eq(p.id))
            .exec(db)
            .await
            .unwrap();
    }
    for (i, o) in organization::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .enumerate()
    {
        organization::Entity::update_many()
            .col_expr(
                organization::Column::Name,
                Expr::value(text(&format!("o{i}-"))),
            )
            .filter(organization::Column::Id.eq(o.id))
            .exec(db)
            .await
            .unwrap();
    }
    for (i, g) in user_group::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .enumerate()
    {
        user_group::Entity::update_many()
            .col_expr(
                user_group::Column::Name,
                Expr::value(text(&format!("g{i}-"))),
            )
            .col_expr(user_group::Column::Description, Expr::value(text("d")))
            .filter(user_group::Column::Id.eq(g.id))
            .exec(db)
            .await
            .unwrap();
    }
    user::Entity::update_many()
        .col_expr(user::Column::FirstName, Expr::value(text("f")))
        .col_expr(user::Column::LastName, Expr::value(text("l")))
        .exec(db)
        .await
        .unwrap();
    account::Entity::update_many()
        .col_expr(account::Column::Name, Expr::value(text("a")))
        .exec(db)
        .await
        .unwrap();
    let meta = serde_json::json!({ text("k"): text("v"), "release_channels": "stable" });
    license::Entity::update_many()
        .col_expr(license::Column::Metadata, Expr::value(meta.to_string()))
        .exec(db)
        .await
        .unwrap();
    activation::Entity::update_many()
        .col_expr(activation::Column::Hostname, Expr::value(text("h")))
        .col_expr(activation::Column::Os, Expr::value(text("os")))
        .col_expr(activation::Column::AppVersion, Expr::value(short("v", 64)))
        .exec(db)
        .await
        .unwrap();
    for (i, r) in release::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .enumerate()
    {
        release::Entity::update_many()
            // Notes are Markdown that becomes sanitized markup: their own test below.
            .col_expr(release::Column::Notes, Expr::value("Bug fixes."))
            .col_expr(
                release::Column::Platform,
                Expr::value(short(&format!("pl{i}-"), 32)),
            )
            .col_expr(release::Column::Arch, Expr::value(short("ar", 32)))
            .filter(release::Column::Id.eq(r.id))
            .exec(db)
            .await
            .unwrap();
    }
    let brand =
        serde_json::json!({ "portal_name": text("n"), "login_text": text("t") }).to_string();
    let existing = branding::Entity::find().all(db).await.unwrap();
    if existing.is_empty() {
        for a in account::Entity::find().all(db).await.unwrap() {
            branding::Entity::insert(branding::ActiveModel {
                account_id: sea_orm::ActiveValue::Set(a.id),
                draft: sea_orm::ActiveValue::Set(brand.clone()),
                published: sea_orm::ActiveValue::Set(Some(brand.clone())),
                updated_at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
            })
            .exec_without_returning(db)
            .await
            .unwrap();
        }
    } else {
        branding::Entity::update_many()
            .col_expr(branding::Column::Draft, Expr::value(brand.clone()))
            .col_expr(branding::Column::Published, Expr::value(brand))
            .exec(db)
            .await
            .unwrap();
    }
}

/// What is wrong with `html` for `payload`, if anything; `expected` is the page's structure
/// with harmless text.
fn unescaped(html: &str, payload: &str, expected: &[String]) -> Option<String> {
    let (markup, scripts) = split_scripts(html);
    if let Some(title) = markup
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title)
        && title.contains('<')
    {
        return Some(format!("a `<` in the title: {title}"));
    }
    let found = structure(&markup);
    if found != expected {
        let added: Vec<&String> = found.iter().filter(|t| !expected.contains(t)).collect();
        return Some(format!(
            "the markup changed: {} tags instead of {}, new: {added:?}",
            found.len(),
            expected.len()
        ));
    }
    // Every script of the page is Leptos' own, with the page's nonce; an injected one has none.
    if let Some(tag) = found
        .iter()
        .find(|t| t.starts_with("script") && !t.contains(" nonce"))
    {
        return Some(format!("a script without the nonce: {tag}"));
    }
    // Inside scripts (the hydration data), a raw `<` could close the script.
    if payload.contains('<') && scripts.iter().any(|s| s.contains(payload)) {
        return Some("the payload as typed, inside a script".into());
    }
    if attribute_values(&markup).iter().any(|v| {
        v.trim_start()
            .to_ascii_lowercase()
            .starts_with("javascript:")
    }) {
        return Some("a javascript: URL in an attribute".into());
    }
    None
}

/// Each tag of `markup` as its name and attribute names (`a href class`, `/a`), comments and
/// doctype left out, sorted: rows may come in another order with other names (a select's
/// chosen option moves), but an injected element or attribute adds a tag that was not there.
/// A `<` that does not start a tag is text: markup escapes every other.
fn structure(markup: &str) -> Vec<String> {
    let mut tags: Vec<String> = tags(markup).into_iter().map(|(tag, _)| tag).collect();
    tags.sort();
    tags
}

fn attribute_values(markup: &str) -> Vec<String> {
    tags(markup)
        .into_iter()
        .flat_map(|(_, values)| values)
        .collect()
}

/// The tags of `markup`: "name attr-names..." and the attribute values.
fn tags(markup: &str) -> Vec<(String, Vec<String>)> {
    let b = markup.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if markup[i..].starts_with("<!--") {
            i = markup[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let start = i + 1 + usize::from(closing);
        if b.get(start) == Some(&b'!') {
            i = markup[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == start {
            i += 1;
            continue;
        }
        let mut tag = format!(
            "{}{}",
            if closing { "/" } else { "" },
            markup[start..j].to_ascii_lowercase()
        );
        let mut values = vec![];
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            tag.push(' ');
            tag.push_str(&markup[name_start..j].to_ascii_lowercase());
            if b.get(j) == Some(&b'=') {
                j += 1;
                let (value, end) = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = markup[j + 1..]
                            .find(q as char)
                            .map_or(b.len(), |e| j + 1 + e);
                        (&markup[j + 1..end], end + 1)
                    }
                    _ => {
                        let end = markup[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(b.len(), |e| j + e);
                        (&markup[j..end], end)
                    }
                };
                values.push(value.to_owned());
                j = end;
            }
        }
        out.push((tag, values));
        i = j + 1;
    }
    out
}

/// The page without the contents of its `<script>` elements, and those contents.
fn split_scripts(html: &str) -> (String, Vec<String>) {
    let mut markup = String::new();
    let mut scripts = vec![];
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let Some(body_start) = rest[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        markup.push_str(&rest[..body_start]);
        let Some(close) = rest[body_start..].find("</script>").map(|i| body_start + i) else {
            rest = &rest[body_start..];
            break;
        };
        scripts.push(rest[body_start..close].to_owned());
        rest = &rest[close..];
    }
    markup.push_str(rest);
    (markup, scripts)
}

#[test]
fn injected_markup_is_caught_and_escaped_text_is_not() {
    let page = |title: &str, body: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title>\
             <script nonce=\"n\">x = \"\\u003c/title>\"</script></head><body><p class=\"a\">{body}</p></body></html>"
        )
    };
    let expected = structure(&split_scripts(&page("t", "t")).0);
    let payload = "</title><script>alert(1)</script>";
    let bad = page(payload, "t");
    assert!(unescaped(&bad, payload, &expected).is_some());
    let attr = "\" onmouseover=\"alert(1)";
    let bad = format!(
        "<!DOCTYPE html><html><head><title>t</title><script nonce=\"n\">x</script></head><body><p class=\"a{attr}\">t</p></body></html>"
    );
    assert!(unescaped(&bad, attr, &expected).is_some());
    let escaped = page(
        "&lt;/title&gt;",
        "&lt;a href=\"javascript:x\"&gt; \" onmouseover=\"alert(1)",
    );
    assert_eq!(unescaped(&escaped, payload, &expected), None);
}
