//! Which vendor account a request is for, from its `Host` header.

use std::{
    collections::HashMap,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

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
    /// The host is the base domain or under it: only aliases serve it, never a custom domain.
    under_base: bool,
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
    let base = cfg.base();
    let under_base = base
        .as_deref()
        .is_some_and(|base| is_at_or_under(&host, base));
    let alias = base.and_then(|base| {
        let alias = host.strip_suffix(&base)?.strip_suffix('.')?;
        (!alias.is_empty() && !alias.contains('.')).then(|| alias.to_owned())
    });
    HostParts {
        host,
        alias,
        under_base,
    }
}

/// `host` is `domain` or a name under it.
pub(crate) fn is_at_or_under(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

impl TenancyConfig {
    /// The base domain, normalized like hosts are.
    pub(crate) fn base(&self) -> Option<String> {
        self.base_domain
            .as_deref()
            .map(|b| b.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|b| !b.is_empty())
    }
}

/// The account of a host: 1) under the base domain, `{alias}.{base_domain}` only (no custom
/// domain can claim a host there); 2) elsewhere, the account whose checked custom domain it
/// is; 3) the default account (which also serves localhost and 127.0.0.1). None when nothing
/// matches.
pub async fn resolve(db: &Db, host: &str, cfg: &TenancyConfig) -> Result<Option<AccountInfo>> {
    let HostParts {
        host,
        alias,
        under_base,
    } = parse_host(host, cfg);
    if !host.is_empty()
        && !under_base
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

/// Bumped whenever this process changes what a host resolves to (an account created, a custom
/// domain set, checked or removed): every [`HostCache`] drops what it knew.
static HOSTS_CHANGED: AtomicU64 = AtomicU64::new(0);

/// Tells every [`HostCache`] of this process that hosts may resolve differently now.
pub(crate) fn hosts_changed() {
    HOSTS_CHANGED.fetch_add(1, Ordering::Relaxed);
}

/// Host -> account answers of [`resolve`], kept for a few seconds: every request resolves its
/// host, and the answer almost never changes (one or two queries saved per request).
///
/// Changes made by this process take effect at once; changes made by another process (a
/// second server, `keyport account create` beside a running server) after at most the
/// time to live. At most [`HostCache::MAX_HOSTS`] hosts are kept (a flood of made-up `Host`
/// headers empties it rather than growing it).
#[derive(Debug)]
pub struct HostCache {
    ttl: Duration,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    generation: u64,
    hosts: HashMap<String, (Instant, Option<AccountInfo>)>,
}

impl HostCache {
    /// Hosts kept at most.
    pub const MAX_HOSTS: usize = 4096;

    /// A cache keeping answers for `ttl` (zero: nothing is kept).
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::default(),
        }
    }

    fn get(&self, host: &str) -> Option<Option<AccountInfo>> {
        let mut entries = self.entries.lock().ok()?;
        let now_generation = HOSTS_CHANGED.load(Ordering::Relaxed);
        if entries.generation != now_generation {
            entries.hosts.clear();
            entries.generation = now_generation;
        }
        match entries.hosts.get(host) {
            Some((at, answer)) if at.elapsed() < self.ttl => Some(answer.clone()),
            _ => None,
        }
    }

    fn put(&self, host: &str, generation: u64, answer: &Option<AccountInfo>) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        // An answer read before a change must not outlive it.
        if entries.generation != generation {
            return;
        }
        if entries.hosts.len() >= Self::MAX_HOSTS {
            entries.hosts.clear();
        }
        entries
            .hosts
            .insert(host.to_owned(), (Instant::now(), answer.clone()));
    }
}

/// [`resolve`] through `cache`.
pub async fn resolve_cached(
    db: &Db,
    host: &str,
    cfg: &TenancyConfig,
    cache: &HostCache,
) -> Result<Option<AccountInfo>> {
    if let Some(answer) = cache.get(host) {
        return Ok(answer);
    }
    let generation = HOSTS_CHANGED.load(Ordering::Relaxed);
    let answer = resolve(db, host, cfg).await?;
    cache.put(host, generation, &answer);
    Ok(answer)
}

/// The host name of `url` (`https://portal.example.com:8443/x` gives `portal.example.com`).
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split_once(']').map(|(h, _)| format!("{h}]"))?
    } else {
        host.split(':').next()?.to_owned()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The host an account's customers use: its checked custom domain, else
/// `{alias}.{base domain}`, else the public URL's host (the default account of a
/// single-vendor deployment).
pub fn portal_host(account: &AccountInfo, cfg: &TenancyConfig, public_url: &str) -> String {
    match &account.custom_domain {
        Some(domain) => domain.clone(),
        None => own_host(account, cfg, public_url),
    }
}

/// The host this portal gives an account whatever its custom domain: `{alias}.{base
/// domain}`, else the public URL's host. A custom domain's CNAME points here.
pub fn own_host(account: &AccountInfo, cfg: &TenancyConfig, public_url: &str) -> String {
    match cfg.base() {
        Some(base) => format!("{}.{base}", account.alias),
        None => url_host(public_url).unwrap_or_default(),
    }
}

/// The base of every link to an account's portal (emails included): the public URL's scheme
/// and port with the account's [`portal_host`], no trailing slash.
pub fn portal_url(account: &AccountInfo, cfg: &TenancyConfig, public_url: &str) -> String {
    let public_url = public_url.trim_end_matches('/');
    let (scheme, rest) = public_url
        .split_once("://")
        .unwrap_or(("https", public_url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let port = authority
        .rsplit_once(':')
        .filter(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .map(|(_, p)| format!(":{p}"))
        .unwrap_or_default();
    format!("{scheme}://{}{port}", portal_host(account, cfg, public_url))
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
        let HostParts { host, alias, .. } = parse_host(host, &cfg());
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

    #[test]
    fn hosts_at_or_under_the_base_domain_are_never_custom_domains() {
        for host in [
            "keyport.example",
            "demo.keyport.example.",
            "a.b.keyport.example",
        ] {
            assert!(parse_host(host, &cfg()).under_base, "{host}");
        }
        for host in ["evilkeyport.example", "portal.acme.com", "localhost"] {
            assert!(!parse_host(host, &cfg()).under_base, "{host}");
        }
    }

    fn account(custom_domain: Option<&str>) -> AccountInfo {
        AccountInfo {
            id: Uuid::nil(),
            alias: "acme".into(),
            name: "Acme".into(),
            custom_domain: custom_domain.map(str::to_owned),
        }
    }

    #[test]
    fn an_accounts_links_use_its_own_host() {
        let public = "https://portal.keyport.example";
        assert_eq!(
            portal_url(&account(None), &cfg(), public),
            "https://acme.keyport.example"
        );
        assert_eq!(
            portal_url(&account(Some("portal.acme.com")), &cfg(), public),
            "https://portal.acme.com"
        );
        let single = TenancyConfig::default();
        assert_eq!(
            portal_url(&account(None), &single, "http://127.0.0.1:3000/"),
            "http://127.0.0.1:3000"
        );
        assert_eq!(url_host("http://[::1]:3000/x"), Some("[::1]".into()));
    }
}
