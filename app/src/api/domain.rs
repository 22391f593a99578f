//! The account's custom domain (`/vendor/settings/domain`).

use crate::{AppError, dto::settings::CustomDomain};
use leptos::prelude::*;

/// The host the staff member uses now (the portal host a CNAME must point to).
#[cfg(feature = "ssr")]
fn portal_host() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(|h| {
                    h.rsplit_once(':')
                        .map_or(h, |(host, _)| host)
                        .to_ascii_lowercase()
                })
        })
        .unwrap_or_default()
}

/// The custom domain and the DNS record to create, for vendor staff.
#[server(prefix = "/rpc", endpoint = "get_custom_domain")]
pub async fn get_custom_domain() -> Result<CustomDomain, AppError> {
    let s = super::context::signed_in()?;
    let domain = service::custom_domain::get(&s.state.db, &s.principal).await?;
    Ok(CustomDomain {
        domain,
        target: portal_host(),
        can_edit: matches!(&s.principal, service::Principal::Staff(st)
            if st.role == service::permissions::StaffRole::Admin),
    })
}

/// Sets the custom domain (empty removes it).
#[server(prefix = "/rpc", endpoint = "set_custom_domain")]
pub async fn set_custom_domain(domain: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    service::custom_domain::set(&s.state.db, &s.principal, &domain, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/settings/domain?saved=domain");
    Ok(())
}

/// Looks the domain up in DNS now and reports whether it reaches this portal.
#[server(prefix = "/rpc", endpoint = "check_custom_domain")]
pub async fn check_custom_domain() -> Result<(), AppError> {
    use service::custom_domain::{self, DnsCheck};
    let s = super::context::signed_in()?;
    let domain = custom_domain::get(&s.state.db, &s.principal)
        .await?
        .ok_or_else(|| AppError::invalid("domain", "Save a domain first."))?;
    let word = match custom_domain::check(&domain, &portal_host()).await {
        DnsCheck::PointsToPortal => "points",
        DnsCheck::PointsElsewhere => "elsewhere",
        DnsCheck::Unresolved => "unresolved",
    };
    leptos_axum::redirect(&format!("/vendor/settings/domain?check={word}"));
    Ok(())
}
