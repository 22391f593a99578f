//! Portal branding: the published version for every page (public: the sign-in page shows
//! it), the draft for staff previews, and the vendor admin's edits.

use crate::{
    AppError,
    dto::branding::{Branding, BrandingSettings, PortalAvailability},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn dto(b: service::branding::Branding, account_name: &str) -> Branding {
    Branding {
        account_name: Some(account_name.to_owned()),
        portal_name: b.portal_name,
        primary: b.primary,
        accent: b.accent,
        support_email: b.support_email,
        support_url: b.support_url,
        login_text: b.login_text,
        logo_url: b.logo.as_ref().map(service::branding::Logo::path),
        logo_size: b.logo.map(|l| l.size),
    }
}

/// Both versions of the request's account's branding, read once per request: the layout and
/// the branding page each ask for them while one page renders.
#[cfg(feature = "ssr")]
async fn versions(
    state: &crate::state::AppState,
    ctx: &crate::state::RequestContext,
    account_id: uuid::Uuid,
) -> Result<service::branding::BrandingVersions, AppError> {
    let versions = ctx
        .memo
        .branding
        .get_or_try_init(|| async {
            Ok::<_, service::ServiceError>(
                state
                    .account_config(ctx, account_id)
                    .await?
                    .branding
                    .clone(),
            )
        })
        .await?;
    Ok(versions.clone())
}

/// The account's published branding; with `preview` the draft, for vendor staff only
/// (anyone else gets the published version).
#[server(prefix = "/rpc", endpoint = "get_branding")]
pub async fn get_branding(preview: bool) -> Result<Branding, AppError> {
    let super::context::Request { state, ctx } = super::context::request()?;
    let Some(account) = ctx.account.clone() else {
        return Ok(Branding::default());
    };
    let versions = versions(&state, &ctx, account.id).await?;
    let draft = preview
        && ctx
            .principal
            .as_ref()
            .is_some_and(service::branding::may_see_draft);
    let version = if draft {
        versions.draft
    } else {
        versions.published
    };
    Ok(dto(version, &account.name))
}

/// Whether the portal is enabled (public: the "portal unavailable" page and the sign-in page
/// ask before anyone is signed in).
#[server(prefix = "/rpc", endpoint = "get_portal_availability")]
pub async fn get_portal_availability() -> Result<PortalAvailability, AppError> {
    let super::context::Request { state, ctx } = super::context::request()?;
    let Some(account) = ctx.account.clone() else {
        return Ok(PortalAvailability::default());
    };
    let config = state.account_config(&ctx, account.id).await?;
    Ok(PortalAvailability {
        available: config.settings.modes.portal_enabled,
        account_name: account.name,
    })
}

/// Draft and published branding, for vendor staff.
#[server(prefix = "/rpc", endpoint = "get_branding_settings")]
pub async fn get_branding_settings() -> Result<BrandingSettings, AppError> {
    let s = super::context::signed_in()?;
    if !service::branding::may_see_draft(&s.principal) {
        return Err(AppError::Forbidden);
    }
    let v = versions(&s.state, &s.ctx, s.account.id).await?;
    Ok(BrandingSettings {
        can_edit: matches!(&s.principal, service::Principal::Staff(st)
            if st.role == service::permissions::StaffRole::Admin),
        draft: dto(v.draft, &s.account.name),
        published: dto(v.published, &s.account.name),
        unpublished_changes: v.unpublished_changes,
        version: v.version,
    })
}

/// Saves the draft (empty fields = Keyport's default); refused colours say their ratio.
#[server(prefix = "/rpc", endpoint = "save_branding_draft")]
pub async fn save_branding_draft(
    portal_name: String,
    primary: String,
    accent: String,
    support_email: String,
    support_url: String,
    login_text: String,
) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let input = service::branding::BrandingInput {
        portal_name,
        primary,
        accent,
        support_email,
        support_url,
        login_text,
    };
    service::branding::save_draft(&s.state.db, &s.principal, input, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/branding?saved=draft");
    Ok(())
}

/// Publishes the draft to customers.
#[server(prefix = "/rpc", endpoint = "publish_branding")]
pub async fn publish_branding() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::branding::publish(&s.state.db, &s.principal, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/branding?saved=published");
    Ok(())
}

/// Drops the draft's changes.
#[server(prefix = "/rpc", endpoint = "discard_branding_draft")]
pub async fn discard_branding_draft() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::branding::discard(&s.state.db, &s.principal, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/branding?saved=discarded");
    Ok(())
}

/// Takes the logo out of the draft (the upload itself is the multipart route
/// `POST /vendor/settings/branding/logo`, outside the server functions' body cap).
#[server(prefix = "/rpc", endpoint = "remove_branding_logo")]
pub async fn remove_branding_logo() -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::branding::logo::remove(&s.state.db, &s.principal, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/branding?saved=logo-removed");
    Ok(())
}
