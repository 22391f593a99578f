//! The one escaping helper for text that goes into markup outside Leptos' own text nodes and
//! attributes (which escape themselves): the server-rendered `<title>` and the upload routes'
//! bare HTML answers. Hand-written: five replacements, not worth a dependency.

/// `text` made safe for an element's content or a quoted attribute value: `&`, `<`, `>`, `"`
/// and `'` become character references.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The document title of a page titled `title` in the portal named `site`:
/// "{title} · {site}", escaped on the server, where leptos_meta 0.8.7 writes the formatted title
/// into `<title>` as it is (so a product named `</title><script>...` closed the element and ran
/// script). In the browser the same text goes to `document.title`, which is text already, so
/// it stays as typed.
pub fn document_title(title: &str, site: &str) -> String {
    let full = format!("{title} · {site}");
    if cfg!(feature = "ssr") {
        html(&full)
    } else {
        full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_references() {
        assert_eq!(
            html(r#"</title><script>alert('x')</script> & "q""#),
            "&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("Northwind · Studio"), "Northwind · Studio");
    }
}
