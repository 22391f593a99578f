//! The preview while typing (hydrated page only): the draft's colours, portal name and
//! sign-in text reach the preview panes as they are typed, before the draft is saved.
//!
//! The panes are same-origin iframes of the real pages, so the page writes into their
//! documents directly: a colour becomes the same CSS custom property the server's branding
//! `<style>` sets, and only once it is a whole `#rrggbb`, so a half-typed value never reaches
//! CSS; a text replaces the text of the elements marked `data-brand`. Saving still decides:
//! the server checks the contrast, and the panes reload with what was saved. Without
//! JavaScript the panes change on save only.

use leptos::{ev::Event, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, HtmlIFrameElement, HtmlInputElement};

/// What one input of the draft form changes in a pane.
#[derive(Clone, Copy)]
enum Change {
    /// A CSS custom property on the pane's `:root`.
    Colour(&'static str),
    /// The text of the pane's elements with this `data-brand` value.
    Text(&'static str),
}

/// Applies the input behind `ev` to every preview pane; true when the input is one the panes
/// show (the page then says the preview holds unsaved changes).
pub fn typed(ev: &Event) -> bool {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return false;
    };
    let change = match input.name().as_str() {
        "primary" => Change::Colour("--kp-primary"),
        "accent" => Change::Colour("--kp-accent"),
        "portal_name" => Change::Text("name"),
        "login_text" => Change::Text("login-text"),
        _ => return false,
    };
    let value = input.value();
    let Ok(frames) = document().query_selector_all(".preview iframe") else {
        return false;
    };
    for i in 0..frames.length() {
        let pane = frames
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlIFrameElement>().ok())
            .and_then(|frame| frame.content_document());
        if let Some(pane) = pane {
            apply(&pane, change, value.trim());
        }
    }
    true
}

fn apply(pane: &Document, change: Change, value: &str) {
    match change {
        Change::Colour(property) => {
            let Some(root) = pane.document_element() else {
                return;
            };
            // Unchecked: `dyn_into` tests `instanceof` against this window's `HTMLElement`,
            // and the pane's element belongs to the iframe's window, so the check would fail
            // for an element that is an HTML element all the same (`<html>` always is).
            let root = root.unchecked_into::<HtmlElement>();
            let style = root.style();
            if is_hex_colour(value) {
                let _ = style.set_property(property, value);
            } else {
                // Back to what the pane was served with (the saved draft) until the value
                // is a whole colour again.
                let _ = style.remove_property(property);
            }
        }
        Change::Text(which) => {
            // An empty value keeps what the pane shows: the server decides the fallback
            // (the account's name), and a save shows it.
            if value.is_empty() {
                return;
            }
            let Ok(found) = pane.query_selector_all(&format!("[data-brand=\"{which}\"]")) else {
                return;
            };
            for i in 0..found.length() {
                if let Some(node) = found.item(i) {
                    node.set_text_content(Some(value));
                }
            }
        }
    }
}

/// `#rrggbb`, the one form the server accepts.
fn is_hex_colour(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].bytes().all(|b| b.is_ascii_hexdigit())
}
