//! Resolving the account of a Host header.

use service::{
    accounts,
    tenancy::{self, TenancyConfig},
    testing,
};

#[tokio::test]
async fn hosts_resolve_by_custom_domain_alias_and_default() {
    let db = testing::test_db().await;
    let acme = accounts::create_account(
        &db,
        "Acme Software",
        "acme",
        Some("Portal.Acme-Soft.example"),
    )
    .await
    .unwrap();
    let demo = testing::account(&db, "demo").await;
    let cfg = TenancyConfig {
        base_domain: Some("keyport.example".into()),
        default_account: Some("demo".into()),
    };
    let no_default = TenancyConfig {
        default_account: None,
        ..cfg.clone()
    };

    let id = |host: &'static str, cfg: &TenancyConfig| {
        let (db, cfg) = (db.clone(), cfg.clone());
        async move {
            tenancy::resolve(&db, host, &cfg)
                .await
                .unwrap()
                .map(|a| a.id)
        }
    };
    assert_eq!(id("portal.acme-soft.example", &cfg).await, Some(acme.id));
    assert_eq!(
        id("PORTAL.ACME-SOFT.EXAMPLE:443", &cfg).await,
        Some(acme.id)
    );
    assert_eq!(id("acme.keyport.example", &cfg).await, Some(acme.id));
    assert_eq!(id("demo.keyport.example:3000", &cfg).await, Some(demo.id));
    assert_eq!(id("localhost:3000", &cfg).await, Some(demo.id));
    assert_eq!(id("127.0.0.1", &cfg).await, Some(demo.id));
    assert_eq!(id("unknown.keyport.example", &no_default).await, None);
    assert_eq!(id("localhost", &no_default).await, None);

    let taken = accounts::create_account(&db, "Copy", "acme", None).await;
    assert!(matches!(taken, Err(service::ServiceError::Conflict(e)) if e[0].field == "alias"));
}

#[tokio::test]
async fn another_vendor_is_a_world_of_its_own() {
    use service::{
        Scope,
        licenses::{self, LicenseFilter},
    };

    let db = testing::test_db().await;
    let demo = service::demo::seed(
        &db,
        &testing::passwords(),
        &service::crypto::MasterKey::generate(),
    )
    .await
    .unwrap();
    let other = testing::other_vendor(&db, "other", "owner@other.example", "keyport-demo").await;
    assert_ne!(other.account.id, demo.account.id);
    let rows = licenses::list(&db, &Scope::of(&other.owner), LicenseFilter::default())
        .await
        .unwrap()
        .rows;
    assert_eq!(rows.len(), other.license_count);
    assert!(
        rows.iter()
            .all(|r| r.activations == 1 && r.owner == "Initech")
    );
}
