//! Copies a value to the clipboard; the value stays selectable text without JavaScript.

use leptos::prelude::*;

/// A "Copy key" button that puts `value` on the clipboard and says so.
#[component]
pub fn CopyButton(
    /// What to copy.
    value: String,
    /// The button's label.
    label: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&value);
        copied.set(true);
    };
    view! {
        <button type="button" class="secondary" on:click=copy>
            {label}
        </button>
        <span role="status" class="copied">
            {move || copied.get().then_some("Copied.")}
        </span>
    }
}
