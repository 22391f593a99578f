//! The browser half of `security`.

use wasm_bindgen::JsCast;

/// The page's nonce, for an inline `<style>` the browser adds after the page loaded (a layout
/// mounted by a client-side navigation): read from a script of the page, whose `nonce`
/// property keeps it (browsers hide the attribute, not the property). The policy refuses an
/// inline style without it.
pub fn nonce() -> Option<String> {
    leptos::prelude::document()
        .query_selector("script[nonce]")
        .ok()
        .flatten()
        .and_then(|script| script.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|script| script.nonce())
        .filter(|nonce| !nonce.is_empty())
}
