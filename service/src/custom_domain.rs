//! An account's custom domain: validation, uniqueness across accounts, and a DNS check.
//! Tenancy (`crate::tenancy`) serves the account on the domain once it is set.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::HashSet;

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::account,
    error::ResultExt,
    principal::Principal,
};

/// A lower-cased host name, or a sentence saying what is wrong with it.
pub fn validate(input: &str) -> std::result::Result<String, &'static str> {
    let d = input.trim().trim_end_matches('.').to_ascii_lowercase();
    if d.contains("://") || d.contains(['/', ':', '@', '?', '#']) || d.contains(char::is_whitespace)
    {
        return Err(
            "Enter a domain name only, like portal.example.com: no https://, path or port.",
        );
    }
    let labels: Vec<&str> = d.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| !t.bytes().all(|b| b.is_ascii_digit()));
    if d.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err("This is not a valid domain name, e.g. portal.example.com.");
    }
    Ok(d)
}

/// The account's custom domain, for vendor staff.
pub async fn get(db: &Db, principal: &Principal) -> Result<Option<String>> {
    if !matches!(principal, Principal::Staff(_)) {
        return Err(ServiceError::Forbidden);
    }
    Ok(account::Entity::find_by_id(principal.account_id())
        .one(db)
        .await?
        .and_then(|a| a.custom_domain))
}

/// Sets (or, with an empty input, removes) the custom domain; vendor admins only. A domain
/// of another account is refused; the change is audited with before/after.
pub async fn set(db: &Db, principal: &Principal, input: &str, ip: Option<&str>) -> Result<()> {
    principal.require_vendor_admin()?;
    let domain = if input.trim().is_empty() {
        None
    } else {
        Some(validate(input).map_err(|m| ServiceError::invalid("domain", m))?)
    };
    let taken_msg = "This domain is already used by another portal.";
    if let Some(d) = &domain {
        let taken = account::Entity::find()
            .filter(account::Column::CustomDomain.eq(d.as_str()))
            .filter(account::Column::Id.ne(principal.account_id()))
            .one(db)
            .await?;
        if taken.is_some() {
            return Err(ServiceError::conflict("domain", taken_msg));
        }
    }
    let row = account::Entity::find_by_id(principal.account_id())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = row.custom_domain.clone();
    let mut active: account::ActiveModel = row.into();
    active.custom_domain = Set(domain.clone());
    active.update(db).await.on_unique("domain", taken_msg)?;
    audit::record(
        db,
        AuditEntry {
            account_id: principal.account_id(),
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: None,
            action: "settings.domain.update",
            target_type: "account",
            target_id: principal.account_id().to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({ "before": before, "after": domain }),
        },
    )
    .await
}

/// What the DNS says about a custom domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsCheck {
    /// It resolves to the portal host's addresses (the CNAME works).
    PointsToPortal,
    /// It resolves, but elsewhere.
    PointsElsewhere,
    /// It does not resolve (yet).
    Unresolved,
}

async fn addresses(host: &str) -> HashSet<std::net::IpAddr> {
    match tokio::net::lookup_host((host, 443)).await {
        Ok(addrs) => addrs.map(|a| a.ip()).collect(),
        Err(_) => HashSet::new(),
    }
}

/// Looks `domain` up with the system resolver and compares it with `portal_host`.
pub async fn check(domain: &str, portal_host: &str) -> DnsCheck {
    let (mine, portal) = tokio::join!(addresses(domain), addresses(portal_host));
    if mine.is_empty() {
        DnsCheck::Unresolved
    } else if mine.intersection(&portal).next().is_some() {
        DnsCheck::PointsToPortal
    } else {
        DnsCheck::PointsElsewhere
    }
}
