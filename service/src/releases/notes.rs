//! Release notes: Markdown to sanitized HTML (pulldown-cmark, then ammonia's allow-list:
//! no script, no event handlers, no `javascript:` or `data:` links).

/// The sanitized HTML of Markdown `notes`.
pub fn render(notes: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(notes, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::with_capacity(notes.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into())
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_html() {
        let html = render("# 2.4.1\n\n- **Faster** start\n- [Docs](https://acme.example/docs)");
        assert!(html.contains("<h1>2.4.1</h1>"), "{html}");
        assert!(html.contains("<strong>Faster</strong>"), "{html}");
        assert!(
            html.contains(r#"href="https://acme.example/docs""#),
            "{html}"
        );
        assert!(html.contains("noopener"), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = render(concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=\"x.png\" onerror=\"alert(2)\">\n\n",
            "[click](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\">x</a>\n\n",
            "<div onclick=\"alert(5)\" style=\"color:red\">hi</div>\n\n",
            "[data](data:text/html;base64,PHNjcmlwdD4=)",
        ));
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "alert(1)",
            "onerror",
            "onclick",
            "javascript:",
            "data:",
            "style=",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("hi"), "text is kept: {html}");
    }
}
