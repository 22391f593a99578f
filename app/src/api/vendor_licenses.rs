//! The vendor console's licenses: issue a license, suspend, reinstate or revoke one.

// A plain HTML form posts one field per argument; the macro's client-side stub (hydrate)
// does not carry an item-level allow, hence the module-level one.
#![allow(
    clippy::too_many_arguments,
    reason = "one server function argument per form field"
)]

use crate::{
    AppError,
    dto::{LicensePage, vendor_licenses::LicenseChoices},
};
use leptos::prelude::*;

/// One page of every license of the account, newest first, by key prefix (vendor staff
/// only). Its `products` is empty: the console's form has them, with their keys.
#[server(prefix = "/rpc", endpoint = "list_issued_licenses")]
pub async fn list_issued_licenses(
    q: Option<String>,
    after: Option<String>,
) -> Result<LicensePage, AppError> {
    let s = super::context::signed_in()?;
    if !matches!(s.principal, service::Principal::Staff(_)) {
        return Err(AppError::Forbidden);
    }
    super::licenses::list_page(&s, None, None, q, after).await
}

/// The products (with their public keys) and organizations the license form offers (vendor
/// staff only); the owner is named by email.
#[server(prefix = "/rpc", endpoint = "get_license_choices")]
pub async fn get_license_choices() -> Result<LicenseChoices, AppError> {
    use crate::dto::vendor_licenses::ProductKey;
    use service::licenses::vendor;

    let s = super::context::signed_in()?;
    let choices = vendor::choices(&s.state.db, &s.principal).await?;
    Ok(LicenseChoices {
        products: choices
            .products
            .into_iter()
            .map(|p| ProductKey {
                id: p.id,
                name: p.name,
                kid: p.kid,
                public_key: p.public_key,
            })
            .collect(),
        organizations: choices
            .organizations
            .into_iter()
            .map(|(id, name)| super::convert::named(id, name))
            .collect(),
        can_manage: super::convert::is_vendor_admin(&s.principal),
    })
}

/// Issues a license (vendor admins only) and links to its page, where staff read the full key.
/// Blank limits are unlimited; `metadata` is one `key=value` per line.
#[server(prefix = "/rpc", endpoint = "create_license")]
pub async fn create_license(
    product: String,
    organization: String,
    owner: String,
    expires: String,
    maintenance_expires: String,
    allowed_activations: String,
    allowed_deactivations: String,
    offline: Option<String>,
    lease_days: String,
    metadata: String,
) -> Result<(), AppError> {
    use super::convert::{limit, metadata_lines, parse_day, parse_id};
    use service::licenses::{NewLicense, vendor};

    let s = super::context::signed_in()?;
    if !super::convert::is_vendor_admin(&s.principal) {
        return Err(AppError::Forbidden);
    }
    let new = NewLicense {
        product_id: parse_id(&product, "product")?
            .ok_or_else(|| AppError::invalid("product", "Choose a product."))?,
        organization_id: parse_id(&organization, "organization")?,
        // The form sends an email; an id still names a customer (scripts, tests).
        owner_user_id: if owner.contains('@') {
            Some(vendor::customer_by_email(&s.state.db, &s.principal, "owner", &owner).await?)
        } else {
            parse_id(&owner, "owner")?
        },
        expires_at: parse_day(&expires, "expires", 0)?,
        maintenance_expires_at: parse_day(&maintenance_expires, "maintenance_expires", 0)?,
        allowed_activations: limit(&allowed_activations, "allowed_activations")?,
        allowed_deactivations: limit(&allowed_deactivations, "allowed_deactivations")?,
        offline_allowed: offline.is_some_and(|v| !v.is_empty()),
        offline_lease_days: limit(&lease_days, "lease_days")?,
        metadata: metadata_lines(&metadata)?,
        group_ids: vec![],
    };
    let (id, _key) = vendor::issue(&s.state.db, &s.principal, new, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect(&format!("/vendor/licenses?saved=issued&license={id}"));
    Ok(())
}

/// Suspends, reinstates or revokes a license (`change` = `suspend`, `reinstate`, `revoke`;
/// vendor admins only); customers see the new status on their next page.
#[server(prefix = "/rpc", endpoint = "change_license_status")]
pub async fn change_license_status(id: String, change: String) -> Result<(), AppError> {
    use service::licenses::vendor::{self, StatusChange};

    let s = super::context::signed_in()?;
    if !super::convert::is_vendor_admin(&s.principal) {
        return Err(AppError::Forbidden);
    }
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let change = StatusChange::parse(&change)
        .ok_or_else(|| AppError::invalid("change", "Choose suspend, reinstate or revoke."))?;
    let status =
        vendor::change_status(&s.state.db, &s.principal, id, change, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect(&format!("/vendor/licenses?saved={}", status.as_str()));
    Ok(())
}
