//! Dashboards: the organization overview, a user's own licenses, the vendor's totals.

use crate::{
    AppError,
    dto::{CustomerDashboard, VendorDashboard},
};
use leptos::prelude::*;

/// The signed-in customer's dashboard.
#[server(prefix = "/rpc", endpoint = "get_customer_dashboard")]
pub async fn get_customer_dashboard() -> Result<CustomerDashboard, AppError> {
    use service::{Principal, Scope, permissions::Permission};

    let s = super::context::signed_in()?;
    let Principal::Customer(customer) = &s.principal else {
        // Vendor staff see it in the branding preview: the account's own licenses, as an
        // organization overview, so the preview shows every part of the page.
        if !matches!(s.principal, Principal::Staff(_)) {
            return Err(AppError::Forbidden);
        }
        let dashboard =
            service::dashboard::customer_preview(&s.state.db, &Scope::of(&s.principal)).await?;
        return Ok(super::convert::customer_dashboard(
            dashboard,
            Some("Your customers (preview)".to_owned()),
        ));
    };
    if !s.principal.can(Permission::DashboardView) {
        return Err(AppError::Forbidden);
    }
    // Users who see every license of their organization get the organization overview.
    let overview = customer
        .organization_name
        .clone()
        .filter(|_| s.principal.can(Permission::LicensesViewAll));
    let dashboard = service::dashboard::customer(&s.state.db, &Scope::of(&s.principal)).await?;
    Ok(super::convert::customer_dashboard(dashboard, overview))
}

/// The vendor staff dashboard.
#[server(prefix = "/rpc", endpoint = "get_vendor_dashboard")]
pub async fn get_vendor_dashboard() -> Result<VendorDashboard, AppError> {
    use service::{Principal, Scope};

    let s = super::context::signed_in()?;
    if !matches!(s.principal, Principal::Staff(_)) {
        return Err(AppError::Forbidden);
    }
    let d = service::dashboard::vendor(&s.state.db, &Scope::of(&s.principal)).await?;
    Ok(VendorDashboard {
        customers: d.customers,
        organizations: d.organizations,
        counts: super::convert::counts(d.counts),
        activations_last_30_days: d.activations_last_30_days,
    })
}
