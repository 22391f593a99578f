//! Custom domains: validation, one account per domain, admins only, a real DNS lookup.

use service::{
    ServiceError,
    custom_domain::{self, DnsCheck},
    permissions::StaffRole,
    tenancy::{self, TenancyConfig},
    testing::{self, passwords, staff},
};

#[test]
fn domains_with_a_scheme_path_or_port_are_refused() {
    assert_eq!(
        custom_domain::validate(" Portal.Example.COM. ").as_deref(),
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
        assert!(custom_domain::validate(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn a_domain_serves_one_account_and_only_admins_set_it() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "one").await.id;
    let b = testing::account(&db, "two").await.id;
    let admin_a = staff(&db, &pw, a, "admin@one.test", StaffRole::Admin).await;
    let admin_b = staff(&db, &pw, b, "admin@two.test", StaffRole::Admin).await;
    let support_a = staff(&db, &pw, a, "support@one.test", StaffRole::Support).await;

    custom_domain::set(&db, &admin_a, "Portal.One.test", None)
        .await
        .unwrap();
    assert_eq!(
        custom_domain::get(&db, &support_a)
            .await
            .unwrap()
            .as_deref(),
        Some("portal.one.test")
    );
    let cfg = TenancyConfig {
        base_domain: Some("keyport.test".into()),
        default_account: None,
    };
    let served = tenancy::resolve(&db, "portal.one.test", &cfg)
        .await
        .unwrap();
    assert_eq!(served.map(|s| s.id), Some(a));

    let err = custom_domain::set(&db, &admin_b, "portal.one.test", None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Conflict(ref e) if e[0].field == "domain"));
    assert!(matches!(
        custom_domain::set(&db, &admin_b, "portal.two.test:443", None).await,
        Err(ServiceError::Invalid(_))
    ));
    assert!(matches!(
        custom_domain::set(&db, &support_a, "x.one.test", None).await,
        Err(ServiceError::Forbidden)
    ));
    custom_domain::set(&db, &admin_a, "", None).await.unwrap();
    assert_eq!(custom_domain::get(&db, &admin_a).await.unwrap(), None);
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
