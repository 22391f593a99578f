//! The account's branding on every page: colours as CSS custom properties on `:root`, the
//! portal name, and the sign-in page's text. `?preview=draft` shows the draft to staff only
//! (the server ignores it for anyone else).

use crate::{
    api::branding::get_branding,
    dto::branding::Branding,
    page_data::{PageData, page_data},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page's one branding resource, in context (see [`provide_branding`]).
#[derive(Clone, Copy)]
struct PageBranding(PageData<Branding>);

fn new_branding_resource() -> PageData<Branding> {
    let query = use_query_map();
    let preview = query.read_untracked().get("preview").as_deref() == Some("draft");
    page_data(move || preview, get_branding)
}

/// Loads the branding once for the page and hands it to every branding component below.
///
/// Call it in a page or layout body, outside any `<Suspense>`: a resource created inside a
/// `<Suspense>`'s children is created again each time the server re-walks them to look for
/// pending loads, which costs a query each time and is the shape of Leptos' SSR stalls
/// (leptos-rs/leptos#4866, #4851). One resource also means one query instead of one per
/// component.
pub fn provide_branding() {
    provide_context(PageBranding(new_branding_resource()));
}

/// The page's branding resource (made by [`provide_branding`], else a new one).
pub fn page_branding() -> PageData<Branding> {
    use_context::<PageBranding>().map_or_else(new_branding_resource, |b| b.0)
}

/// The brand colours (nothing when the account keeps Keyport's defaults), and the portal's
/// name after every page title ("Licenses · Northwind Portal").
#[component]
pub fn BrandingStyle() -> impl IntoView {
    let branding = page_branding();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                branding
                    .await
                    .ok()
                    .map(|b| {
                        let site = b.site_name().to_owned();
                        let formatter = move |title: String| crate::escape::document_title(&title, &site);
                        // The page's Content-Security-Policy admits inline styles by nonce only.
                        let style = b
                            .css()
                            .map(|css| {
                                view! { <style nonce=crate::security::nonce() data-testid="branding-style">{css}</style> }
                            });
                        view! {
                            <Title formatter />
                            {style}
                        }
                    })
            })}
        </Suspense>
    }
}

/// The portal name: the branded one, else `fallback` (the vendor account's name).
#[component]
pub fn PortalName(fallback: String) -> impl IntoView {
    let branding = page_branding();
    view! {
        <Suspense fallback={
            let f = fallback.clone();
            move || f.clone()
        }>
            {
                let fallback = fallback.clone();
                move || {
                    let fallback = fallback.clone();
                    Suspend::new(async move {
                        branding.await.ok().and_then(|b| b.portal_name).unwrap_or(fallback)
                    })
                }
            }
        </Suspense>
    }
}

/// The logo beside the portal name (decorative: the name says the same), or nothing.
#[component]
pub fn BrandLogo() -> impl IntoView {
    let branding = page_branding();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                branding
                    .await
                    .ok()
                    .and_then(|b| b.logo_url)
                    .map(|src| view! { <img class="brand-logo" src=src alt="" data-testid="brand-logo" /> })
            })}
        </Suspense>
    }
}

/// The sign-in page's branded header: portal name, text and support contact.
#[component]
pub fn LoginBranding() -> impl IntoView {
    let branding = page_branding();
    view! {
        <BrandingStyle />
        <Suspense>
            {move || Suspend::new(async move {
                let b = branding.await.unwrap_or_default();
                view! {
                    {b
                        .logo_url
                        .map(|src| {
                            view! { <img class="brand-logo login-logo" src=src alt="" data-testid="brand-logo" /> }
                        })}
                    // Always there (hidden while empty) so the branding page's preview can
                    // write what is typed into them (pages/branding/live.rs).
                    <p class="brand-name" data-brand="name">{b.portal_name}</p>
                    <p class="login-text" data-brand="login-text">{b.login_text}</p>
                    {(b.support_email.is_some() || b.support_url.is_some())
                        .then(|| {
                            view! {
                                <p class="muted">
                                    "Need help? "
                                    {b
                                        .support_email
                                        .map(|e| {
                                            let href = format!("mailto:{e}");
                                            view! { <a href=href>{e}</a> " " }
                                        })}
                                    {b
                                        .support_url
                                        .map(|u| {
                                            view! {
                                                <a href=u rel="noopener noreferrer">
                                                    "Support site"
                                                </a>
                                            }
                                        })}
                                </p>
                            }
                        })}
                }
            })}
        </Suspense>
    }
}
