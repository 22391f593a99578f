//! The offline section: how old an offline request file may be (DESIGN.md section 4).

use super::form_error;
use crate::{api::settings::UpdateOfflineMaxAge, components::saves::Saves};
use leptos::prelude::*;

/// The maximum age of offline request files.
#[component]
pub fn OfflineAge(days: i32, ro: bool, saves: Saves) -> impl IntoView {
    let save = saves.action::<UpdateOfflineMaxAge, _>();
    view! {
        <ActionForm action=save attr:aria-label="Offline activation">
            <h2>"Offline activation"</h2>
            {form_error(save)}
            <div class="field">
                <label for="offline_max_age_days">"Accept offline request files up to this many days old"</label>
                <input
                    id="offline_max_age_days"
                    name="offline_max_age_days"
                    type="number"
                    min="1"
                    max="365"
                    required
                    value=days.to_string()
                    disabled=ro
                    aria-describedby="offline-age-hint"
                />
                <p id="offline-age-hint" class="hint">
                    "A request made on the machine longer ago than this is refused; the machine makes a new one. From 1 to 365 days."
                </p>
            </div>
            {(!ro).then(|| view! { <button type="submit">"Save offline settings"</button> })}
        </ActionForm>
    }
}
