//! A labelled input with its error message tied to it for assistive technology.

use leptos::prelude::*;

/// One form field: label, input and, when the server refused it, the reason.
#[component]
pub fn Field(
    /// Label text.
    label: &'static str,
    /// The form field name (also the server function argument).
    name: &'static str,
    /// The element id; must be unique on the page.
    id: &'static str,
    /// `text`, `email`, `password`, ...
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The initial value.
    #[prop(optional, into)]
    value: String,
    /// The error for this field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| described.clone())
            />
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
