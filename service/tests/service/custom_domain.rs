//! Custom domains: validation, pending until a DNS check, one serving account per domain,
//! admins only, a real DNS lookup.

use service::{
    ServiceError,
    custom_domain::{self, DnsCheck, DomainView, Reserved},
    permissions::StaffRole,
    tenancy::{self, TenancyConfig},
    testing::{self, passwords, staff},
};

#[test]
fn domains_with_a_scheme_path_or_port_are_refused() {
    assert_eq!(
        custom_domain::normalize(" Portal.Example.COM. ").as_deref(),
        Ok("portal.example.com")
    );
    for bad in [
        "https://portal.example.com",
        "portal.example.com/path",
        "portal.example.com:8443",
        "portal",
        "-bad.example.com",
        "a b.example.com",
        "portal.example.123",
        "user@example.com",
    ] {
        assert!(custom_domain::normalize(bad).is_err(), "{bad}");
    }
}

fn cfg() -> TenancyConfig {
    TenancyConfig {
        base_domain: Some("keyport.test".into()),
        default_account: None,
    }
}

#[tokio::test]
async fn a_domain_serves_one_account_once_checked_and_only_admins_set_it() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "one").await.id;
    let b = testing::account(&db, "two").await.id;
    let admin_a = staff(&db, &pw, a, "admin@one.test", StaffRole::Admin).await;
    let admin_b = staff(&db, &pw, b, "admin@two.test", StaffRole::Admin).await;
    let support_a = staff(&db, &pw, a, "support@one.test", StaffRole::Support).await;
    let reserved = Reserved::of(&cfg(), "https://portal.keyport.test");

    custom_domain::set(&db, &admin_a, "Portal.One.test", &reserved, None)
        .await
        .unwrap();
    let pending = DomainView {
        serving: None,
        pending: Some("portal.one.test".into()),
    };
    assert_eq!(custom_domain::get(&db, &support_a).await.unwrap(), pending);
    // Through a cache that keeps answers for a minute: this process's changes show at once.
    let cache = std::sync::Arc::new(tenancy::HostCache::new(std::time::Duration::from_secs(60)));
    let served = |host: &'static str| {
        let (db, cache) = (db.clone(), cache.clone());
        async move {
            tenancy::resolve_cached(&db, host, &cfg(), &cache)
                .await
                .unwrap()
                .map(|s| s.id)
        }
    };
    assert_eq!(
        served("portal.one.test").await,
        None,
        "not before its check"
    );
    // Another account may ask for the same name: asking blocks no one.
    custom_domain::set(&db, &admin_b, "portal.one.test", &reserved, None)
        .await
        .unwrap();

    custom_domain::record_check(&db, &support_a, DnsCheck::PointsToPortal, None)
        .await
        .unwrap();
    assert_eq!(served("portal.one.test").await, Some(a));
    // Now it serves one: the other account's check cannot take it, nor can it ask again.
    let err = custom_domain::record_check(&db, &admin_b, DnsCheck::PointsToPortal, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Conflict(ref e) if e[0].field == "domain"));
    let err = custom_domain::set(&db, &admin_b, "portal.one.test", &reserved, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Conflict(ref e) if e[0].field == "domain"));
    assert_eq!(served("portal.one.test").await, Some(a));

    for refused in [
        "portal.two.test:443",
        "two.keyport.test",
        "portal.keyport.test",
    ] {
        assert!(
            matches!(
                custom_domain::set(&db, &admin_b, refused, &reserved, None).await,
                Err(ServiceError::Invalid(_))
            ),
            "{refused}"
        );
    }
    assert!(matches!(
        custom_domain::set(&db, &support_a, "x.one.test", &reserved, None).await,
        Err(ServiceError::Forbidden)
    ));
    custom_domain::set(&db, &admin_a, "", &reserved, None)
        .await
        .unwrap();
    assert_eq!(
        custom_domain::get(&db, &admin_a).await.unwrap(),
        DomainView::default()
    );
    assert_eq!(served("portal.one.test").await, None);
}

#[tokio::test]
async fn the_dns_check_uses_a_real_lookup() {
    assert_eq!(
        custom_domain::check("localhost", "localhost").await,
        DnsCheck::PointsToPortal
    );
    assert_eq!(
        custom_domain::check("no-such-host.invalid", "localhost").await,
        DnsCheck::Unresolved
    );
}
