//! `/login`: one sign-in page for customers and vendor staff.

use crate::{AppError, api::auth::Login};
use leptos::prelude::*;
use leptos_meta::Title;

/// The sign-in form; works as a plain form post before the WASM loads.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = move || login.value().get().and_then(Result::err);
    view! {
        <Title text="Sign in" />
        <main id="main" class="auth">
            <crate::components::branding::LoginBranding />
            <h1>"Sign in"</h1>
            <ActionForm action=login>
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
                    <input id="email" name="email" type="email" autocomplete="username" required />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                    />
                </div>
                <button type="submit">"Sign in"</button>
            </ActionForm>
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
