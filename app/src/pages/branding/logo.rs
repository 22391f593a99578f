//! The logo part of the branding draft: the current draft logo, a plain multipart upload
//! form (`POST /vendor/settings/branding/logo`, an axum route that checks the image by its
//! content) and "Remove logo". Both work without JavaScript.

use crate::{
    api::branding::RemoveBrandingLogo,
    components::{
        confirm::{Confirm, ConfirmButton},
        saves::Saves,
    },
};
use leptos::prelude::*;

/// The largest logo, as the form says it (the server enforces it:
/// `service::branding::image::LOGO_MAX_BYTES`).
const LIMIT: &str = "512 KiB";

/// The draft's logo with its upload and remove forms; read-only for vendor support.
#[component]
pub fn LogoEditor(
    url: Option<String>,
    size: Option<i64>,
    error: Option<String>,
    read_only: bool,
    saves: Saves,
) -> impl IntoView {
    let remove = saves.action::<RemoveBrandingLogo, _>();
    let has_logo = url.is_some();
    view! {
        <section id="logo" aria-labelledby="logo-title">
            <h2 id="logo-title">"Logo"</h2>
            {match url {
                Some(src) => {
                    let kib = size.map(|s| format!("{:.1} KiB", s as f64 / 1024.0)).unwrap_or_default();
                    view! {
                        <p class="logo-current">
                            <img src=src alt="The draft logo" data-testid="draft-logo" class="brand-logo" />
                            " "
                            <span class="muted">{kib}</span>
                        </p>
                    }
                        .into_any()
                }
                None => view! { <p class="muted">"No logo: the header shows the portal name only."</p> }.into_any(),
            }}
            {error.map(|m| view! { <p class="field-error" role="alert" id="logo-error">{m}</p> })}
            {(!read_only)
                .then(|| {
                    view! {
                        <form
                            method="post"
                            action="/vendor/settings/branding/logo"
                            enctype="multipart/form-data"
                            aria-label="Upload logo"
                        >
                            <div class="field">
                                <label for="logo-file">"Logo image"</label>
                                <input
                                    id="logo-file"
                                    name="logo"
                                    type="file"
                                    accept="image/png,image/jpeg,image/webp"
                                    required
                                    aria-describedby="logo-hint"
                                />
                                <p class="muted" id="logo-hint">
                                    {format!(
                                        "PNG, JPEG or WebP, at most {LIMIT}. SVG is not accepted. It goes into the draft: customers see it once you publish.",
                                    )}
                                </p>
                            </div>
                            <button type="submit">"Upload logo"</button>
                        </form>
                    }
                })}
            {(!read_only && has_logo)
                .then(|| {
                    view! {
                        <Confirm
                            action="Remove logo"
                            label="Remove logo"
                            what="The logo leaves the draft; customers keep the published one until you publish."
                            undo="Upload it again to undo."
                        >
                            <ActionForm action=remove attr:aria-label="Remove logo">
                                <ConfirmButton text="Yes, remove" label="Remove logo" />
                            </ActionForm>
                        </Confirm>
                    }
                })}
        </section>
    }
}
