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
async fn a_host_cache_forgets_changes_made_elsewhere_after_its_time_to_live() {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let db = testing::test_db().await;
    let acme = testing::account(&db, "acme").await;
    let cfg = TenancyConfig::default();
    let cache = tenancy::HostCache::new(std::time::Duration::from_millis(300));
    let host = "portal.acme.example";
    assert_eq!(
        tenancy::resolve_cached(&db, host, &cfg, &cache)
            .await
            .unwrap(),
        None
    );
    // Another process (a second server) sets the domain: this cache does not hear of it (it
    // may keep answering None; not asserted, as any account created by a test running beside
    // this one empties every cache of the process), but only until its answer is older than
    // the time to live.
    service::entities::account::Entity::update(service::entities::account::ActiveModel {
        id: Set(acme.id),
        custom_domain: Set(Some(host.into())),
        ..Default::default()
    })
    .exec(&db)
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    let found = tenancy::resolve_cached(&db, host, &cfg, &cache)
        .await
        .unwrap();
    assert_eq!(found.map(|a| a.id), Some(acme.id));
    // A cache with no time to live keeps nothing.
    let none = tenancy::HostCache::new(std::time::Duration::ZERO);
    assert_eq!(
        tenancy::resolve_cached(&db, "localhost", &cfg, &none)
            .await
            .unwrap(),
        None
    );
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
