//! Releases: what the user's licenses may download, and the vendor's release list.

use crate::{
    AppError,
    dto::{DownloadLink, ReleaseList},
};
use leptos::prelude::*;

/// Published releases of the user's products (of one license when `license` is given), each
/// eligible or not with the reason; download links only with `releases.download`.
#[server(prefix = "/rpc", endpoint = "list_releases")]
pub async fn list_releases(license: Option<String>) -> Result<ReleaseList, AppError> {
    use super::convert;
    use service::{Scope, permissions::Permission, releases::catalog};

    let s = super::context::signed_in()?;
    if !s.principal.can(Permission::LicensesView) {
        return Err(AppError::Forbidden);
    }
    let license = convert::optional_id(license, "license", "The license link is not valid.")?;
    let scope = Scope::of(&s.principal);
    let can_download = s.principal.can(Permission::ReleasesDownload);
    let entries = catalog::for_customer(&s.state.db, &scope, license).await?;
    Ok(ReleaseList {
        releases: entries
            .into_iter()
            .map(|e| convert::release(e, can_download))
            .collect(),
        can_download,
        products: Vec::new(),
        can_manage: false,
    })
}

/// Every release of the vendor's account, drafts and yanked included (vendor staff only).
#[server(prefix = "/rpc", endpoint = "list_vendor_releases")]
pub async fn list_vendor_releases() -> Result<ReleaseList, AppError> {
    use super::convert;
    use service::{Principal, Scope, releases::catalog};

    let s = super::context::signed_in()?;
    if !matches!(s.principal, Principal::Staff(_)) {
        return Err(AppError::Forbidden);
    }
    let scope = Scope::of(&s.principal);
    let entries = catalog::for_vendor(&s.state.db, &scope).await?;
    let products = service::licenses::products(&s.state.db, &scope).await?;
    Ok(ReleaseList {
        releases: entries
            .into_iter()
            .map(|e| convert::release(e, false))
            .collect(),
        can_download: false,
        products: products
            .into_iter()
            .map(|p| convert::named(p.id, p.name))
            .collect(),
        can_manage: convert::is_vendor_admin(&s.principal),
    })
}

/// Yanks a release: hidden from customers, never downloadable again (vendor admins only).
#[server(prefix = "/rpc", endpoint = "yank_release")]
pub async fn yank_release(id: String) -> Result<(), AppError> {
    use super::convert;
    use service::{Scope, releases::publish};

    let s = super::context::signed_in()?;
    if !convert::is_vendor_admin(&s.principal) {
        return Err(AppError::Forbidden);
    }
    let id = convert::optional_id(Some(id), "id", "The release link is not valid.")?
        .ok_or(AppError::NotFound)?;
    publish::yank(&s.state.db, Scope::of(&s.principal).account_id(), id).await?;
    leptos_axum::redirect("/vendor/releases?saved=yanked");
    Ok(())
}

/// Publishes a draft release (vendor admins only).
#[server(prefix = "/rpc", endpoint = "publish_release")]
pub async fn publish_release(id: String) -> Result<(), AppError> {
    use super::convert;
    use service::{Scope, releases::publish};

    let s = super::context::signed_in()?;
    if !convert::is_vendor_admin(&s.principal) {
        return Err(AppError::Forbidden);
    }
    let id = convert::optional_id(Some(id), "id", "The release link is not valid.")?
        .ok_or(AppError::NotFound)?;
    publish::publish(&s.state.db, Scope::of(&s.principal).account_id(), id).await?;
    leptos_axum::redirect("/vendor/releases?saved=published");
    Ok(())
}

/// A link to one file of a published release that works for five minutes without signing in,
/// for staff to hand to a customer (vendor staff only). The browser form lands back on the
/// release list, which shows the link; a JSON caller gets the path and expiry.
#[server(prefix = "/rpc", endpoint = "create_download_link")]
pub async fn create_download_link(file: String) -> Result<DownloadLink, AppError> {
    use service::{
        Principal, Scope,
        releases::signed::{self, LinkKey},
    };

    let s = super::context::signed_in()?;
    if !matches!(s.principal, Principal::Staff(_)) {
        return Err(AppError::Forbidden);
    }
    let file = uuid::Uuid::parse_str(&file).map_err(|_| AppError::NotFound)?;
    let key = LinkKey::from_master(&s.state.master_key);
    let account = Scope::of(&s.principal).account_id();
    let (token, claims) =
        signed::create(&s.state.db, &key, account, file, chrono::Utc::now()).await?;
    tracing::info!(account.id = %account, release_file.id = %file, "A signed download link was made.");
    leptos_axum::redirect(&format!("/vendor/releases?link={token}#signed-link"));
    Ok(DownloadLink {
        path: format!("/downloads/signed/{token}"),
        expires_at: claims.expires_at.into(),
    })
}
