//! Which vendor account a request is for, from its `Host` header.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{Db, Result, entities::account};

/// How hosts map to accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenancyConfig {
    /// `example.com` makes `{alias}.example.com` serve the account `alias`.
    pub base_domain: Option<String>,
    /// Alias of the account serving any other host (single-vendor deployments, localhost).
    pub default_account: Option<String>,
}

/// A vendor account, as the portal needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// Account id.
    pub id: Uuid,
    /// Subdomain alias.
    pub alias: String,
    /// Vendor name.
    pub name: String,
    /// Custom domain, when set.
    pub custom_domain: Option<String>,
}

impl From<account::Model> for AccountInfo {
    fn from(a: account::Model) -> Self {
        Self {
            id: a.id,
            alias: a.alias,
            name: a.name,
            custom_domain: a.custom_domain,
        }
    }
}

/// What a host names, before looking at the database.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HostParts {
    /// The normalized host, matched against custom domains.
    host: String,
    /// The alias, when the host is `{alias}.{base_domain}`.
    alias: Option<String>,
}

/// Lower-cases the host, strips the port (IPv6 brackets kept) and a trailing dot, and finds
/// the alias when the host is `{alias}.{base_domain}`.
fn parse_host(host: &str, cfg: &TenancyConfig) -> HostParts {
    let host = host.trim().to_ascii_lowercase();
    let host = if host.starts_with('[') {
        host.split_once(']')
            .map(|(h, _)| format!("{h}]"))
            .unwrap_or(host.clone())
    } else {
        host.split(':').next().unwrap_or_default().to_owned()
    };
    let host = host.trim_end_matches('.').to_owned();
    let alias = cfg.base_domain.as_deref().and_then(|base| {
        let base = base.trim().trim_end_matches('.').to_ascii_lowercase();
        let alias = host.strip_suffix(&base)?.strip_suffix('.')?;
        (!alias.is_empty() && !alias.contains('.')).then(|| alias.to_owned())
    });
    HostParts { host, alias }
}

/// The account of a host: 1) its custom domain; 2) `{alias}.{base_domain}`; 3) the default
/// account (which also serves localhost and 127.0.0.1). None when nothing matches.
pub async fn resolve(db: &Db, host: &str, cfg: &TenancyConfig) -> Result<Option<AccountInfo>> {
    let HostParts { host, alias } = parse_host(host, cfg);
    if !host.is_empty()
        && let Some(a) = account::Entity::find()
            .filter(account::Column::CustomDomain.eq(host.as_str()))
            .one(db)
            .await?
    {
        return Ok(Some(a.into()));
    }
    for alias in [alias.as_deref(), cfg.default_account.as_deref()]
        .into_iter()
        .flatten()
    {
        if let Some(a) = account::Entity::find()
            .filter(account::Column::Alias.eq(alias))
            .one(db)
            .await?
        {
            return Ok(Some(a.into()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> TenancyConfig {
        TenancyConfig {
            base_domain: Some("Keyport.Example".into()),
            default_account: None,
        }
    }

    fn parts(host: &str) -> (String, Option<String>) {
        let HostParts { host, alias } = parse_host(host, &cfg());
        (host, alias)
    }

    #[test]
    fn hosts_are_lower_cased_and_lose_their_port() {
        assert_eq!(
            parts("Portal.Acme.COM:8443"),
            ("portal.acme.com".into(), None)
        );
        assert_eq!(parts("localhost:3000"), ("localhost".into(), None));
        assert_eq!(parts("[::1]:3000"), ("[::1]".into(), None));
        assert_eq!(
            parts("demo.keyport.example."),
            ("demo.keyport.example".into(), Some("demo".into()))
        );
    }

    #[test]
    fn only_one_label_before_the_base_domain_is_an_alias() {
        assert_eq!(parts("demo.keyport.example:443").1, Some("demo".into()));
        assert_eq!(parts("a.demo.keyport.example").1, None);
        assert_eq!(parts("keyport.example").1, None);
        assert_eq!(parts("evilkeyport.example").1, None);
    }
}
