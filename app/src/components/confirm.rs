//! Destructive actions ask first: the action's button opens a native disclosure that says
//! what will happen and whether it can be undone, and only its second button sends the form.
//! A `<details>` works by keyboard and without JavaScript, and nothing is sent until the
//! person confirms.

use leptos::prelude::*;

/// A destructive action behind its confirmation.
///
/// `children` is the action's form (an `ActionForm` or a plain `<form>`, whose server function
/// types vary) with its hidden inputs and the confirming button, [`ConfirmButton`].
#[component]
pub fn Confirm(
    /// The first button's text ("Delete").
    action: &'static str,
    /// Its accessible name, naming what it acts on ("Delete Design").
    #[prop(into)]
    label: String,
    /// What will happen ("Design is deleted; its members keep their accounts.").
    #[prop(into)]
    what: String,
    /// Whether and how it can be undone ("This cannot be undone.").
    undo: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary aria-label=label>{action}</summary>
            <p>{what} " " <strong>{undo}</strong></p>
            {children()}
        </details>
    }
}

/// The button that confirms: "Yes, delete", named for screen readers by what it acts on
/// ("Confirm: Delete Design").
#[component]
pub fn ConfirmButton(
    /// Its text ("Yes, delete").
    text: &'static str,
    /// The [`Confirm`]'s label.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <button type="submit" class="danger" aria-label=format!("Confirm: {label}")>
            {text}
        </button>
    }
}
