//! Signing in and out, and who is signed in.

use crate::{AppError, dto::CurrentUser};
use leptos::prelude::*;

/// Signs in with email and password; sets the session cookie and sends vendor staff to
/// `/vendor`, customers to `/`.
#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::context;
    use service::{Principal, ServiceError, auth};

    let context::Request { state, ctx } = context::request()?;
    // A host that names no vendor account has nobody to sign in to.
    let account = ctx.account.clone().ok_or(AppError::NotFound)?;
    let input = auth::LoginInput {
        email,
        password: password.into(),
        ip: ctx.ip.clone(),
        user_agent: ctx.user_agent.clone(),
    };
    let session = auth::login(
        &state.db,
        &state.passwords,
        account.id,
        input,
        ctx.session_token.as_deref(),
    )
    .await
    .map_err(|err| match err {
        ServiceError::Unauthorized => AppError::InvalidCredentials,
        other => other.into(),
    })?;
    {
        use secrecy::ExposeSecret;
        context::set_session_cookie(
            &state,
            Some((session.token.expose_secret(), session.expires_at)),
        );
    }
    leptos_axum::redirect(match session.principal {
        Principal::Staff(_) => "/vendor",
        Principal::Customer(_) => "/",
    });
    Ok(())
}

/// Ends this session and clears the cookie.
#[server(prefix = "/rpc", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::context;

    let context::SignedIn {
        state,
        ctx,
        account,
        ..
    } = context::signed_in()?;
    if let Some(token) = ctx.session_token.as_deref() {
        service::auth::logout(&state.db, account.id, token, ctx.ip.clone()).await?;
    }
    context::set_session_cookie(&state, None);
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in user, or `Unauthorized`.
#[server(prefix = "/rpc", endpoint = "get_current_user")]
pub async fn get_current_user() -> Result<CurrentUser, AppError> {
    let s = super::context::signed_in()?;
    Ok(super::convert::current_user(&s.principal, &s.account))
}

/// The user of the request being rendered, without waiting: `Some` on the server, where the
/// middleware has already resolved the session; `None` in the browser (the layout reads the
/// server's answer from the hydration data, and loads a page it was not rendered for in full).
#[cfg(feature = "ssr")]
pub fn user_of_this_request() -> Option<Result<CurrentUser, AppError>> {
    Some(
        super::context::signed_in().map(|s| super::convert::current_user(&s.principal, &s.account)),
    )
}

/// The user of the request being rendered: the browser cannot know without asking.
#[cfg(not(feature = "ssr"))]
pub fn user_of_this_request() -> Option<Result<CurrentUser, AppError>> {
    None
}
