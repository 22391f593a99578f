//! `/vendor/settings/branding`: edit the draft branding, preview it live in the real
//! customer pages, then publish or discard. Vendor admins edit; vendor support reads.

#[cfg(feature = "hydrate")]
mod live;
mod logo;

use crate::{
    AppError,
    api::branding::{
        DiscardBrandingDraft, PublishBranding, SaveBrandingDraft, get_branding_settings,
    },
    components::{
        confirm::{Confirm, ConfirmButton},
        error_view::ErrorView,
        saves::Saves,
    },
    dto::{CurrentUser, branding::BrandingSettings},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The branding page; customers are sent to their dashboard.
#[component]
pub fn BrandingPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query = use_query_map();
    let logo_error = Memo::new(move |_| query.read().get("logo_error"));
    let saves = Saves::new();
    let data = page_data(move || saves.revision(), |_| get_branding_settings());
    view! {
        <Title text="Branding" />
        <h1>"Branding"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(b) => {
                        saves
                            .fresh(view! { <Editor b saves logo_error=logo_error.get_untracked() /> })
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn notice(saved: &str) -> Option<&'static str> {
    match saved {
        "draft" => Some("Draft saved. The preview shows it; customers do not see it yet."),
        "published" => Some("Branding published. Customers see it now."),
        "discarded" => Some("Draft discarded."),
        "logo" => {
            Some("Logo uploaded to the draft. The preview shows it; customers do not see it yet.")
        }
        "logo-removed" => {
            Some("Logo removed from the draft. Customers keep the published one until you publish.")
        }
        _ => None,
    }
}

/// One optional text input with its error tied to it.
#[component]
fn Input(
    label: &'static str,
    name: &'static str,
    value: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: &'static str,
    error: Signal<Option<String>>,
    disabled: bool,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = {
        let (e, h) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = vec![];
            if !hint.is_empty() {
                ids.push(h.clone());
            }
            if error.get().is_some() {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                value=value.unwrap_or_default()
                disabled=disabled
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {(!hint.is_empty()).then(|| view! { <p class="muted" id=hint_id.clone()>{hint}</p> })}
            {move || {
                error
                    .get()
                    .map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })
            }}
        </div>
    }
}

#[component]
fn Editor(b: BrandingSettings, saves: Saves, logo_error: Option<String>) -> impl IntoView {
    let ro = !b.can_edit;
    let save = saves.action::<SaveBrandingDraft, _>();
    let publish = saves.action::<PublishBranding, _>();
    let discard = saves.action::<DiscardBrandingDraft, _>();
    let value = Signal::derive(move || save.value().get());
    let field = move |name: &'static str| {
        Signal::derive(move || {
            value
                .get()
                .and_then(Result::err)
                .and_then(|e| e.field(name))
        })
    };
    let general = move || {
        value
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|error| view! { <ErrorView error /> })
    };
    let d = b.draft.clone();
    let v = b.version;
    // Set once the hydrated page has written typed values into the preview panes.
    let unsaved = RwSignal::new(false);
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if live::typed(&ev) {
            unsaved.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, unsaved);
    };
    view! {
        {saves.notice(notice)}
        <p data-testid="branding-state">
            {if b.unpublished_changes {
                "The draft has changes customers do not see yet."
            } else {
                "The draft is what customers see."
            }}
        </p>
        {ro.then(|| view! { <p class="muted">"Only vendor admins can change the branding."</p> })}
        <div on:input=on_input>
        <ActionForm action=save attr:aria-label="Branding draft">
            <h2>"Draft"</h2>
            {general}
            <Input label="Portal name" name="portal_name" value=d.portal_name error=field("portal_name") disabled=ro />
            <Input
                label="Primary colour"
                name="primary"
                value=d.primary
                hint="Hex, like #1d4ed8. Buttons and links; must reach 4.5:1 contrast with white."
                error=field("primary")
                disabled=ro
            />
            <Input
                label="Accent colour"
                name="accent"
                value=d.accent
                hint="Hex, like #0f766e. Focus outlines."
                error=field("accent")
                disabled=ro
            />
            <Input
                label="Support email"
                name="support_email"
                value=d.support_email
                kind="email"
                error=field("support_email")
                disabled=ro
            />
            <Input
                label="Support URL"
                name="support_url"
                value=d.support_url
                kind="url"
                error=field("support_url")
                disabled=ro
            />
            <Input
                label="Sign-in page text"
                name="login_text"
                value=d.login_text
                error=field("login_text")
                disabled=ro
            />
            {(!ro).then(|| view! { <button type="submit">"Save draft"</button> })}
        </ActionForm>
        </div>
        <logo::LogoEditor url=d.logo_url.clone() size=d.logo_size error=logo_error read_only=ro saves />
        {(!ro)
            .then(|| {
                view! {
                    <div class="key-line">
                        <ActionForm action=publish attr:aria-label="Publish branding">
                            <button type="submit">"Publish"</button>
                        </ActionForm>
                        <Confirm
                            action="Discard draft"
                            label="Discard draft"
                            what="Every change since the last publish is dropped; the draft becomes what customers see."
                            undo="This cannot be undone."
                        >
                            <ActionForm action=discard attr:aria-label="Discard draft">
                                <ConfirmButton text="Yes, discard" label="Discard draft" />
                            </ActionForm>
                        </Confirm>
                    </div>
                }
            })}
        <h2>"Preview"</h2>
        <p class="muted">"The real portal pages with the draft branding and your account's data."</p>
        <p role="status" data-testid="preview-unsaved">
            {move || {
                unsaved
                    .get()
                    .then_some(
                        "The preview shows what you typed. Save the draft to keep it; the contrast is checked when you save.",
                    )
            }}
        </p>
        <div class="preview">
            <iframe
                title="Preview of the dashboard"
                data-testid="preview-dashboard"
                src=format!("/?preview=draft&v={v}")
            ></iframe>
            <iframe
                title="Preview of the sign-in page"
                data-testid="preview-login"
                src=format!("/login?preview=draft&v={v}")
            ></iframe>
            <iframe
                title="Preview of the license list"
                data-testid="preview-licenses"
                src=format!("/licenses?preview=draft&v={v}")
            ></iframe>
        </div>
    }
}
