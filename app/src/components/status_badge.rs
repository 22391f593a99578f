//! A license status as a coloured word (the word carries the meaning, not the colour).

use crate::dto::LicenseStatus;
use leptos::prelude::*;

/// The status of a license, visibly marked when it is not active.
#[component]
pub fn StatusBadge(status: LicenseStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.as_str())>{status.label()}</span> }
}
