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
    /// A sentence under the field saying when or how to fill it in.
    #[prop(optional)]
    hint: &'static str,
    /// Whether the form needs it (the default).
    #[prop(default = true)]
    required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [
                (!hint.is_empty()).then_some(hint_id.as_str()),
                error.get().is_some().then_some(error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {(!hint.is_empty()).then(|| view! { <p class="muted" id=hint_id>{hint}</p> })}
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
