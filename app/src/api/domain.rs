//! The account's custom domain (`/vendor/settings/domain`).

use crate::{AppError, dto::settings::CustomDomain};
use leptos::prelude::*;

/// The host a custom domain's CNAME points to: the account's own host on this portal.
#[cfg(feature = "ssr")]
fn own_host(s: &super::context::SignedIn) -> String {
    service::tenancy::own_host(&s.account, &s.state.tenancy, &s.state.public_url)
}

/// The custom domain (serving, or waiting for its DNS check) and the DNS record to create,
/// for vendor staff.
#[server(prefix = "/rpc", endpoint = "get_custom_domain")]
pub async fn get_custom_domain() -> Result<CustomDomain, AppError> {
    let s = super::context::signed_in()?;
    let view = service::custom_domain::get(&s.state.db, &s.principal).await?;
    Ok(CustomDomain {
        domain: view.serving,
        pending: view.pending,
        target: own_host(&s),
        can_edit: matches!(&s.principal, service::Principal::Staff(st)
            if st.role == service::permissions::StaffRole::Admin),
    })
}

/// Asks for a custom domain (empty removes it); it serves once its DNS check passes.
#[server(prefix = "/rpc", endpoint = "set_custom_domain")]
pub async fn set_custom_domain(domain: String) -> Result<(), AppError> {
    use service::custom_domain::{self, Reserved};
    let s = super::context::signed_in()?;
    let reserved = Reserved::of(&s.state.tenancy, &s.state.public_url);
    let ip = s.ctx.ip.as_deref();
    custom_domain::set(&s.state.db, &s.principal, &domain, &reserved, ip).await?;
    leptos_axum::redirect("/vendor/settings/domain?saved=domain");
    Ok(())
}

/// Looks the domain waiting for its check (else the serving one) up in DNS now, reports
/// whether it reaches this portal, and starts serving it when it does.
#[server(prefix = "/rpc", endpoint = "check_custom_domain")]
pub async fn check_custom_domain() -> Result<(), AppError> {
    use service::custom_domain::{self, DnsCheck};
    let s = super::context::signed_in()?;
    let view = custom_domain::get(&s.state.db, &s.principal).await?;
    let domain = view
        .pending
        .or(view.serving)
        .ok_or_else(|| AppError::invalid("domain", "Save a domain first."))?;
    let found = custom_domain::check(&domain, &own_host(&s)).await;
    custom_domain::record_check(&s.state.db, &s.principal, found, s.ctx.ip.as_deref()).await?;
    let word = match found {
        DnsCheck::PointsToPortal => "points",
        DnsCheck::PointsElsewhere => "elsewhere",
        DnsCheck::Unresolved => "unresolved",
    };
    leptos_axum::redirect(&format!("/vendor/settings/domain?check={word}"));
    Ok(())
}
