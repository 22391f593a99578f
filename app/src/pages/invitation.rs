//! `/invitation/:token`: an invitee sets their password (public page).

use crate::{
    api::org_users::{AcceptInvitation, get_invitation},
    components::{
        branding::{BrandingStyle, provide_branding},
        error_view::ErrorView,
    },
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Shows who the invitation is for and asks for a password; refused tokens say why.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let info = page_data(move || token.get(), get_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    provide_branding();
    view! {
        <Title text="Set your password" />
        <BrandingStyle />
        <main id="main" class="auth">
            <h1>"Set your password"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(i) => view! {
                            <p>{format!("Welcome, {}. You will sign in as {}.", i.first_name, i.email)}</p>
                            <ActionForm action=accept>
                                {move || accept.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
                                <input type="hidden" name="token" value=token.get_untracked() />
                                <input type="hidden" name="username" autocomplete="username" value=i.email.clone() />
                                <div class="field">
                                    <label for="password">"New password"</label>
                                    <input id="password" name="password" type="password" autocomplete="new-password" required />
                                </div>
                                <button type="submit">"Set password"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! {
                            <ErrorView error />
                            <p><a href="/login">"Go to sign in"</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
