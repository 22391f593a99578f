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
    let typed = email.clone();
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
    .map_err(|err| {
        let error = match err {
            ServiceError::Unauthorized => AppError::InvalidCredentials,
            other => other.into(),
        };
        back_with_email(&typed, &error);
        error
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

/// A refused sign-in sent as a plain form post goes back to the sign-in page with the refusal
/// and the email typed (`?email=`), so only the password is typed again. Leptos' own answer,
/// the page it came from with the refusal, would drop the email.
#[cfg(feature = "ssr")]
fn back_with_email(email: &str, error: &AppError) {
    use http::header::{ACCEPT, REFERER};
    use leptos::server_fn::{ServerFn, error::ServerFnUrlError};

    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let plain_post = header(ACCEPT).is_some_and(|a| a.contains("text/html"));
    let Some(referer) = header(REFERER).filter(|_| plain_post) else {
        return;
    };
    // The sign-in page of the same origin, for staff when the refused form was theirs.
    let origin: String = referer.split('/').take(3).collect::<Vec<_>>().join("/");
    let staff = if referer.contains("staff=1") { "1" } else { "" };
    let page =
        crate::components::pager::href("/login", &[("staff", staff), ("email", email.trim())]);
    if let Ok(url) = ServerFnUrlError::new(<Login as ServerFn>::PATH, error.clone())
        .to_url(&format!("{origin}{page}"))
    {
        leptos_axum::redirect(url.as_str());
    }
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
