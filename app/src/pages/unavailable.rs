//! `/unavailable`: what customers and visitors see while the vendor has the portal turned
//! off, in the account's published branding. Staff still sign in from `/login?staff=1`.

use crate::{
    api::branding::get_portal_availability,
    components::branding::{BrandingStyle, page_branding, provide_branding},
    dto::branding::{Branding, PortalAvailability},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The branded "portal unavailable" page.
#[component]
pub fn UnavailablePage() -> impl IntoView {
    let data = page_data(|| (), |_| get_portal_availability());
    provide_branding();
    let branding = page_branding();
    view! {
        <Title text="Portal unavailable" />
        <BrandingStyle />
        <main id="main" class="auth">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let a = data.await.unwrap_or_default();
                    let b = branding.await.unwrap_or_default();
                    view! { <Notice a b /> }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Notice(a: PortalAvailability, b: Branding) -> impl IntoView {
    let name = b.portal_name.clone().unwrap_or(a.account_name);
    if a.available {
        view! {
            <h1>{name.clone()}</h1>
            <p>"The portal is available again."</p>
            <p><a href="/login">"Sign in"</a></p>
        }
        .into_any()
    } else {
        view! {
            <p class="brand-name">{name.clone()}</p>
            <h1>"The portal is unavailable"</h1>
            <p data-testid="portal-unavailable">
                {format!("{name} is unavailable at the moment. Please try again later.")}
            </p>
            {(b.support_email.is_some() || b.support_url.is_some())
                .then(|| view! {
                    <p>
                        "Need help? "
                        {b.support_email.map(|e| {
                            let href = format!("mailto:{e}");
                            view! { <a href=href>{e}</a> " " }
                        })}
                        {b.support_url.map(|u| view! {
                            <a href=u rel="noopener noreferrer">"Support site"</a>
                        })}
                    </p>
                })}
            <p class="muted"><a href="/login?staff=1">"Vendor staff sign-in"</a></p>
        }
        .into_any()
    }
}
