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

/// Everything about one license the user may see, with one page of its machines (after the
/// machine `machines_after`, when given); `NotFound` for any other id.
#[server(prefix = "/rpc", endpoint = "get_license")]
pub async fn get_license(
    id: String,
    #[server(default)] machines_after: Option<String>,
) -> Result<LicenseDetail, AppError> {
    use service::{Scope, permissions::Permission};

    let s = super::context::signed_in()?;
    if !s.principal.can(Permission::LicensesView) {
        return Err(AppError::Forbidden);
    }
    // A malformed id names no license: the same answer as an id the user may not see.
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    // A cursor that is not an id starts from the first page, like one of another license.
    let machines_after = machines_after.and_then(|m| uuid::Uuid::parse_str(&m).ok());
    let detail =
        service::licenses::detail_page(&s.state.db, &Scope::of(&s.principal), id, machines_after)
            .await?;
    let assigned_user_id = detail.owner_user_id;
    let linked: Vec<uuid::Uuid> = detail.linked_groups.iter().map(|g| g.id).collect();
    let mut out = super::convert::license_detail(detail);
    // Only organization admins who may assign licenses get the form choices (staff manage
    // licenses from the vendor console).
    if s.principal.can(Permission::GroupsAssignLicenses) && s.principal.organization_id().is_some()
    {
        let db = &s.state.db;
        let groups = service::org_admin::lookup::group_names(db, &s.principal).await?;
        let assigned = match assigned_user_id {
            Some(id) => service::org_admin::lookup::person(db, &s.principal, id).await?,
            None => None,
        };
        out.manage = Some(crate::dto::LicenseManage {
            unlinked_groups: groups
                .into_iter()
                .filter(|(id, _)| !linked.contains(id))
                .map(|(id, name)| super::convert::named(id, name))
                .collect(),
            assigned: assigned.map(|p| (super::convert::named(p.id, p.name), p.email)),
        });
    }
    Ok(out)
}
