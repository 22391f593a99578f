//! An account's custom domain: normalized and checked names, uniqueness across accounts, and
//! the DNS proof that makes it serve.
//!
//! A domain an admin enters is *pending*: it serves nothing and blocks no other account.
//! It serves the account (`accounts.custom_domain`, unique, which `crate::tenancy` resolves)
//! only once a DNS check finds it pointing at this portal, from the settings page or from
//! the server's periodic re-check, which also takes a domain away again when it points
//! elsewhere. A custom domain can never be the base domain or a name under it (those are
//! accounts' own hosts), the public URL's host, or an IP address.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::ExprTrait,
};
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry, Outcome},
    entities::account,
    error::ResultExt,
    principal::Principal,
    tenancy::{TenancyConfig, is_at_or_under, url_host},
};

/// Refused because another account serves it.
const TAKEN: &str = "This domain is already used by another portal.";

/// A host name in its one canonical form (IDNA ASCII, lower-case, no trailing dot), or a
/// sentence saying what is wrong with it.
pub fn normalize(input: &str) -> std::result::Result<String, &'static str> {
    let d = input.trim().trim_end_matches('.');
    if d.contains("://") || d.contains(['/', ':', '@', '?', '#']) || d.contains(char::is_whitespace)
    {
        return Err(
            "Enter a domain name only, like portal.example.com: no https://, path or port.",
        );
    }
    let invalid = "This is not a valid domain name, e.g. portal.example.com.";
    // UTS 46 processing: `Bücher.Example` and `xn--bcher-kva.example` are one name.
    let d = idna::domain_to_ascii(d).map_err(|_| invalid)?;
    let labels: Vec<&str> = d.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    // An all-digit last label is an IPv4 address (IPv6 has colons, refused above).
    let tld_ok = labels
        .last()
        .is_some_and(|t| !t.bytes().all(|b| b.is_ascii_digit()));
    if d.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(invalid);
    }
    Ok(d)
}

/// What a deployment keeps for itself: the base domain and every name under it, and the
/// public URL's host.
#[derive(Debug, Clone)]
pub struct Reserved {
    base_domain: Option<String>,
    public_host: Option<String>,
}

impl Reserved {
    /// The names `cfg` and `public_url` give accounts and the portal.
    pub fn of(cfg: &TenancyConfig, public_url: &str) -> Self {
        Reserved {
            base_domain: cfg.base(),
            public_host: url_host(public_url),
        }
    }

    fn refuses(&self, domain: &str) -> Option<&'static str> {
        if self
            .base_domain
            .as_deref()
            .is_some_and(|base| is_at_or_under(domain, base))
        {
            return Some("This name belongs to the portal's own hosts. Use a domain of yours.");
        }
        if self.public_host.as_deref() == Some(domain) {
            return Some("This is the portal's own address. Use a domain of yours.");
        }
        None
    }
}

/// An account's custom domain, for the settings page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainView {
    /// The domain that serves the account (its DNS was checked).
    pub serving: Option<String>,
    /// The domain asked for, waiting for its DNS check.
    pub pending: Option<String>,
}

/// The account's custom domain, for vendor staff.
pub async fn get(db: &Db, principal: &Principal) -> Result<DomainView> {
    if !matches!(principal, Principal::Staff(_)) {
        return Err(ServiceError::Forbidden);
    }
    let row = account::Entity::find_by_id(principal.account_id())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(DomainView {
        serving: row.custom_domain,
        pending: row.custom_domain_pending,
    })
}

/// Asks for a custom domain (pending until its DNS check passes) or, with an empty input,
/// removes it; vendor admins only. The portal's own names and a domain another account
/// serves are refused; the change is audited with before/after.
pub async fn set(
    db: &Db,
    principal: &Principal,
    input: &str,
    reserved: &Reserved,
    ip: Option<&str>,
) -> Result<()> {
    principal.require_vendor_admin()?;
    let row = account::Entity::find_by_id(principal.account_id())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = view_of(&row);
    let after = if input.trim().is_empty() {
        DomainView::default()
    } else {
        let domain = normalize(input).map_err(|m| ServiceError::invalid("domain", m))?;
        if let Some(m) = reserved.refuses(&domain) {
            return Err(ServiceError::invalid("domain", m));
        }
        if served_by_another(db, &domain, principal.account_id()).await? {
            return Err(ServiceError::conflict("domain", TAKEN));
        }
        if before.serving.as_deref() == Some(domain.as_str()) {
            DomainView {
                serving: Some(domain),
                pending: None,
            }
        } else {
            // The domain in service (if any) keeps serving until the new one is proven.
            DomainView {
                serving: before.serving.clone(),
                pending: Some(domain),
            }
        }
    };
    save(db, row, &after).await?;
    record(db, principal, "settings.domain.update", ip, &before, &after).await
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

/// Records a DNS check of the account's pending domain made for `principal` (vendor staff):
/// when it points at this portal the domain starts serving the account.
pub async fn record_check(
    db: &Db,
    principal: &Principal,
    found: DnsCheck,
    ip: Option<&str>,
) -> Result<()> {
    if !matches!(principal, Principal::Staff(_)) {
        return Err(ServiceError::Forbidden);
    }
    let row = account::Entity::find_by_id(principal.account_id())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = view_of(&row);
    let Some(after) = verified(&before, found) else {
        return Ok(());
    };
    if let Some(domain) = &after.serving
        && served_by_another(db, domain, row.id).await?
    {
        return Err(ServiceError::conflict("domain", TAKEN));
    }
    save(db, row, &after).await?;
    record(db, principal, "settings.domain.verify", ip, &before, &after).await
}

/// A custom domain to re-check, with the account it is for.
#[derive(Debug, Clone)]
pub struct ToCheck {
    /// The account.
    pub account: crate::tenancy::AccountInfo,
    /// The domain: serving, or pending.
    pub domain: String,
}

/// Every custom domain of every account, serving or pending (for the periodic re-check).
pub async fn all(db: &Db) -> Result<Vec<ToCheck>> {
    let rows = account::Entity::find()
        .filter(
            account::Column::CustomDomain
                .is_not_null()
                .or(account::Column::CustomDomainPending.is_not_null()),
        )
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .flat_map(|row| {
            let domains = [row.custom_domain.clone(), row.custom_domain_pending.clone()];
            let account: crate::tenancy::AccountInfo = row.into();
            domains.into_iter().flatten().map(move |domain| ToCheck {
                account: account.clone(),
                domain,
            })
        })
        .collect())
}

/// Records the periodic re-check of `domain` (audited as the system): a pending domain that
/// points here starts serving; a serving one that now points elsewhere stops and is pending
/// again. A domain that does not resolve keeps its state (DNS outages pass).
pub async fn record_recheck(
    db: &Db,
    account_id: Uuid,
    domain: &str,
    found: DnsCheck,
) -> Result<()> {
    let Some(row) = account::Entity::find_by_id(account_id).one(db).await? else {
        return Ok(());
    };
    let before = view_of(&row);
    let after = if before.pending.as_deref() == Some(domain) {
        match verified(&before, found) {
            Some(after) if !served_by_another(db, domain, account_id).await? => after,
            _ => return Ok(()),
        }
    } else if before.serving.as_deref() == Some(domain) && found == DnsCheck::PointsElsewhere {
        DomainView {
            serving: None,
            pending: before.pending.clone().or_else(|| Some(domain.to_owned())),
        }
    } else {
        return Ok(());
    };
    save(db, row, &after).await?;
    audit::record(
        db,
        AuditEntry {
            account_id,
            actor_user_id: None,
            actor_email: "system",
            organization_id: None,
            action: "settings.domain.recheck",
            target_type: "account",
            target_id: account_id.to_string(),
            outcome: Outcome::Success,
            ip: None,
            details: json!({ "before": before_after(&before), "after": before_after(&after), "dns": format!("{found:?}") }),
        },
    )
    .await
}

/// The state after a check that passed, or None when nothing changes.
fn verified(before: &DomainView, found: DnsCheck) -> Option<DomainView> {
    match (&before.pending, found) {
        (Some(pending), DnsCheck::PointsToPortal) => Some(DomainView {
            serving: Some(pending.clone()),
            pending: None,
        }),
        _ => None,
    }
}

async fn served_by_another(db: &Db, domain: &str, account_id: Uuid) -> Result<bool> {
    Ok(account::Entity::find()
        .filter(account::Column::CustomDomain.eq(domain))
        .filter(account::Column::Id.ne(account_id))
        .one(db)
        .await?
        .is_some())
}

fn view_of(row: &account::Model) -> DomainView {
    DomainView {
        serving: row.custom_domain.clone(),
        pending: row.custom_domain_pending.clone(),
    }
}

async fn save(db: &Db, row: account::Model, view: &DomainView) -> Result<()> {
    let mut active: account::ActiveModel = row.into();
    active.custom_domain = Set(view.serving.clone());
    active.custom_domain_pending = Set(view.pending.clone());
    active.update(db).await.on_unique("domain", TAKEN)?;
    crate::tenancy::hosts_changed();
    Ok(())
}

fn before_after(v: &DomainView) -> serde_json::Value {
    json!({ "serving": v.serving, "pending": v.pending })
}

async fn record(
    db: &Db,
    principal: &Principal,
    action: &str,
    ip: Option<&str>,
    before: &DomainView,
    after: &DomainView,
) -> Result<()> {
    audit::record(
        db,
        AuditEntry {
            account_id: principal.account_id(),
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: None,
            action,
            target_type: "account",
            target_id: principal.account_id().to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({ "before": before_after(before), "after": before_after(after) }),
        },
    )
    .await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_one_form() {
        assert_eq!(
            normalize(" Portal.Acme.COM. "),
            Ok("portal.acme.com".into())
        );
        assert_eq!(
            normalize("Bücher.example"),
            Ok("xn--bcher-kva.example".into())
        );
        assert_eq!(
            normalize("xn--bcher-kva.example"),
            Ok("xn--bcher-kva.example".into())
        );
        for bad in [
            "https://a.example",
            "a.example:8443",
            "a.example/x",
            "10.0.0.1",
            "::1",
            "localhost",
            "a..example",
            "-a.example",
        ] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_portals_own_names_are_reserved() {
        let cfg = TenancyConfig {
            base_domain: Some("keyport.test".into()),
            default_account: None,
        };
        let r = Reserved::of(&cfg, "https://portal.example.com/");
        for name in [
            "keyport.test",
            "demo.keyport.test",
            "a.b.keyport.test",
            "portal.example.com",
        ] {
            assert!(r.refuses(name).is_some(), "{name}");
        }
        for name in ["evilkeyport.test", "portal.acme.com", "example.com"] {
            assert!(r.refuses(name).is_none(), "{name}");
        }
    }
}
