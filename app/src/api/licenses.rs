//! Licenses: the filtered list and one license's details.

use crate::{
    AppError,
    dto::{LicenseDetail, LicensePage},
};
use leptos::prelude::*;

/// Rows per page of the license list.
pub const PAGE_SIZE: u32 = 25;

/// One page of the licenses the user may see, filtered by status, product and key prefix,
/// continuing after the license `after` (keyset pagination).
#[server(prefix = "/rpc", endpoint = "list_licenses")]
pub async fn list_licenses(
    status: Option<String>,
    product: Option<String>,
    q: Option<String>,
    after: Option<String>,
) -> Result<LicensePage, AppError> {
    use super::convert;
    use service::{Scope, licenses, permissions::Permission};

    let s = super::context::signed_in()?;
    if !s.principal.can(Permission::LicensesView) {
        return Err(AppError::Forbidden);
    }
    let scope = Scope::of(&s.principal);
    let page = list_page(&s, status, product, q, after).await?;
    let products = licenses::products(&s.state.db, &scope).await?;
    Ok(LicensePage {
        products: products
            .into_iter()
            .map(|p| convert::named(p.id, p.name))
            .collect(),
        ..page
    })
}

/// One page of the licenses `s` may see, without the product filter's choices.
#[cfg(feature = "ssr")]
pub(super) async fn list_page(
    s: &super::context::SignedIn,
    status: Option<String>,
    product: Option<String>,
    q: Option<String>,
    after: Option<String>,
) -> Result<LicensePage, AppError> {
    use super::convert;
    use crate::dto;
    use service::{Scope, licenses};

    let status = match status.as_deref().filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(
            dto::LicenseStatus::parse(v)
                .map(convert::status_filter)
                .ok_or_else(|| AppError::invalid("status", "Choose a status from the list."))?,
        ),
    };
    let product_id = convert::optional_id(product, "product", "Choose a product from the list.")?;
    let after = convert::optional_id(after, "after", "The page link is not valid.")?;
    let filter = licenses::LicenseFilter {
        status,
        product_id,
        key_prefix: q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
        after,
        limit: u64::from(PAGE_SIZE),
    };
    let page = licenses::list(&s.state.db, &Scope::of(&s.principal), filter).await?;
    Ok(LicensePage {
        rows: page.rows.into_iter().map(convert::license_row).collect(),
        next: page.next,
        products: vec![],
    })
}

/// Everything about one license the user may see; `NotFound` for any other id.
#[server(prefix = "/rpc", endpoint = "get_license")]
pub async fn get_license(id: String) -> Result<LicenseDetail, AppError> {
    use service::{Scope, permissions::Permission};

    let s = super::context::signed_in()?;
    if !s.principal.can(Permission::LicensesView) {
        return Err(AppError::Forbidden);
    }
    // A malformed id names no license: the same answer as an id the user may not see.
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let detail = service::licenses::detail(&s.state.db, &Scope::of(&s.principal), id).await?;
    let assigned_user_id = detail.owner_user_id;
    let linked: Vec<uuid::Uuid> = detail.linked_groups.iter().map(|g| g.id).collect();
    let mut out = super::convert::license_detail(detail);
    // Only organization admins who may assign licenses get the form choices (staff manage
    // licenses from the vendor console).
    if s.principal.can(Permission::GroupsAssignLicenses) && s.principal.organization_id().is_some()
    {
        let db = &s.state.db;
        let groups = service::org_admin::list_groups(db, &s.principal).await?;
        let people = service::org_admin::list_people(db, &s.principal).await?;
        out.manage = Some(crate::dto::LicenseManage {
            unlinked_groups: groups
                .into_iter()
                .filter(|g| !linked.contains(&g.id))
                .map(|g| super::convert::named(g.id, g.name))
                .collect(),
            people: people
                .into_iter()
                .map(|(id, name, email)| super::convert::named(id, format!("{name} ({email})")))
                .collect(),
            assigned_user_id,
        });
    }
    Ok(out)
}
