//! Copies a value to the clipboard. Until the page is hydrated the button is hidden
//! (style/main.css): a button that does nothing is worse than none, and the value beside it
//! is selected whole by one click (`user-select: all`).

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
        <button type="button" class="secondary copy" on:click=copy>
            {label}
        </button>
        <span role="status" class="copied">
            {move || copied.get().then_some("Copied.")}
        </span>
    }
}
