//! The page for anything that does not exist (or that the user may not see).

use crate::components::branding::{BrandLogo, BrandingStyle, page_branding, provide_branding};
use leptos::prelude::*;
use leptos_meta::Title;

/// "Not found", answered with HTTP 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::status::set(404);
    view! {
        <Title text="Not found" />
        <section class="not-found">
            <h1>"Not found"</h1>
            <p>"There is nothing here, or you do not have access to it."</p>
            <p>
                <a href="/">"Go to your dashboard"</a>
            </p>
        </section>
    }
}

/// An address that matches no page: [`NotFound`] under the portal's name, logo and colours
/// (the signed-in pages answer their own 404s inside their layout).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    provide_branding();
    let branding = page_branding();
    view! {
        <BrandingStyle />
        <header class="top">
            <a class="brand" href="/">
                <BrandLogo />
                <Suspense>
                    {move || Suspend::new(async move {
                        branding.await.map(|b| b.site_name().to_owned()).unwrap_or_default()
                    })}
                </Suspense>
            </a>
        </header>
        <main id="main">
            <NotFound />
        </main>
    }
}
