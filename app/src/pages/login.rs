//! `/login`: one sign-in page for customers and vendor staff.

use crate::{
    AppError,
    api::{auth::Login, branding::get_portal_availability},
    page_data::page_data,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The sign-in page. While the vendor has the portal turned off, visitors are sent to the
/// branded "portal unavailable" page, whose "Vendor staff sign-in" link (`?staff=1`) comes
/// back here.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let staff = query.read_untracked().get("staff").is_some();
    // After a refused sign-in: the email typed (api::auth::login).
    let email = query.read_untracked().get("email").unwrap_or_default();
    let availability = page_data(|| (), |_| get_portal_availability());
    crate::components::branding::provide_branding();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let unavailable = availability.await.is_ok_and(|a| !a.available);
                (unavailable && !staff).then(|| view! { <Redirect path="/unavailable" /> })
            })}
        </Suspense>
        <LoginForm staff email />
    }
}

/// A plain form post, with or without JavaScript: signing in loads the user's first page in
/// full, which the server renders for them (the signed-in layout mounted by a client-side
/// navigation would have to load it again). A refusal comes back in the address (`__err`),
/// which the action reads.
#[component]
fn LoginForm(staff: bool, email: String) -> impl IntoView {
    let retry = !email.is_empty();
    let login = ServerAction::<Login>::new();
    let error = move || login.value().get().and_then(Result::err);
    view! {
        <Title text="Sign in" />
        <main id="main" class="auth">
            <crate::components::branding::LoginBranding />
            <h1>{if staff { "Vendor staff sign-in" } else { "Sign in" }}</h1>
            <form action={<Login as ServerFn>::PATH} method="post">
                {move || {
                    error()
                        .map(|e| {
                            view! {
                                <p role="alert" class="error">
                                    {message(&e)}
                                </p>
                            }
                        })
                }}
                <div class="field">
                    <label for="email">"Email"</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        value=email
                    />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        autofocus=retry
                    />
                </div>
                <button type="submit">"Sign in"</button>
            </form>
        </main>
    }
}

fn message(error: &AppError) -> String {
    match error {
        AppError::RateLimited { retry_after_secs } => {
            format!("Too many failed sign-ins. Try again in {retry_after_secs} seconds.")
        }
        AppError::NotFound => "This address does not belong to any portal.".to_owned(),
        other => other.to_string(),
    }
}
