//! The dashboard counters (issue 13): after every kind of change, and at any later time with
//! or without the stage job, they equal a recount of the rows, and the dashboards' figures
//! equal what counting the visible licenses gives.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};
use service::{
    Db, Principal, ServiceError, dashboard, deactivations,
    entities::{activation, license_tally},
    licenses::{
        self, LicenseStatus, NewLicense,
        vendor::{self, StatusChange},
    },
    offline::{self, OfflineRules},
    online::{self, DeactivationCredential, OnlineActivate},
    permissions::{CustomerRole, StaffRole},
    principal::Scope,
    tallies,
    testing::{self, fingerprint, passwords, terms},
};
use uuid::Uuid;

use crate::offline::{World, client, deactivation, request, world};

/// Counters equal a recount at `now`, and each scope's figures equal counting its licenses.
async fn assert_exact_at(db: &Db, scopes: &[&Scope], now: DateTime<Utc>, step: &str) {
    let mismatches = tallies::recount(db, now).await.unwrap();
    assert!(mismatches.is_empty(), "{step}: {mismatches:#?}");
    for scope in scopes {
        let counted = dashboard::counted_figures(db, scope, now).await.unwrap();
        let read = tallies::figures(db, scope, now).await.unwrap().unwrap();
        assert_eq!(read, counted, "{step}, at {now}");
    }
}

/// [`assert_exact_at`] now and at later times the job has not reached yet: through
/// "expiring soon", expiry, and long after.
async fn assert_exact(db: &Db, scopes: &[&Scope], step: &str) {
    let now = Utc::now();
    for days in [0, 15, 35, 45, 400] {
        let at = now + Duration::days(days);
        for scope in scopes {
            let counted = dashboard::counted_figures(db, scope, at).await.unwrap();
            let read = tallies::figures(db, scope, at).await.unwrap().unwrap();
            assert_eq!(read, counted, "{step}, {days} days later");
        }
    }
    assert_exact_at(db, scopes, now, step).await;
}

fn online_input(key: &str, machine: &str) -> OnlineActivate {
    OnlineActivate {
        license_key: key.into(),
        fingerprint: fingerprint(machine),
        hostname: machine.into(),
        os: "Linux".into(),
        app_version: Some("1.0.0".into()),
        client_pub: None,
        request_id: None,
    }
}

async fn issue(w: &World, new: NewLicense) -> (Uuid, String) {
    let (id, key) = licenses::create(&w.db, w.account_id, new).await.unwrap();
    (id, key.as_str().to_owned())
}

async fn admin(w: &World) -> Principal {
    testing::staff(
        &w.db,
        &passwords(),
        w.account_id,
        "admin@offl.test",
        StaffRole::Admin,
    )
    .await
}

#[tokio::test]
async fn every_kind_of_change_keeps_the_counters_exact() {
    // An organization's license with 1 seat, and its Owner.
    let w = world(None).await;
    let db = &w.db;
    let staff = admin(&w).await;
    let (vendor_scope, owner) = (Scope::of(&staff), Scope::of(&w.owner));
    let scopes = [&vendor_scope, &owner];
    let org = w.owner.organization_id();
    assert_exact(db, &scopes, "first license").await;

    // Unlimited seats and no expiry; an individual's license expiring in 10 days; one of the
    // organization expiring in 40 days; one issued already expired.
    let (unlimited, unlimited_key) = issue(
        &w,
        NewLicense {
            organization_id: org,
            allowed_activations: None,
            expires_at: None,
            ..terms(w.product_id)
        },
    )
    .await;
    assert_exact(db, &scopes, "unlimited").await;
    let solo = testing::customer(
        db,
        &passwords(),
        w.account_id,
        "solo@offl.test",
        CustomerRole::Owner,
        None,
    )
    .await;
    let (individual, _) = issue(
        &w,
        NewLicense {
            owner_user_id: Some(solo.user_id()),
            allowed_activations: Some(3),
            expires_at: Some(Utc::now() + Duration::days(10)),
            ..terms(w.product_id)
        },
    )
    .await;
    let (later, later_key) = issue(
        &w,
        NewLicense {
            organization_id: org,
            expires_at: Some(Utc::now() + Duration::days(40)),
            ..terms(w.product_id)
        },
    )
    .await;
    issue(
        &w,
        NewLicense {
            organization_id: org,
            expires_at: Some(Utc::now() - Duration::days(2)),
            ..terms(w.product_id)
        },
    )
    .await;
    assert_exact(db, &scopes, "issued").await;
    let now = Utc::now();
    let owner_now = tallies::figures(db, &owner, now).await.unwrap().unwrap();
    assert_eq!(
        (
            owner_now.counts.active,
            owner_now.counts.expired,
            owner_now.unlimited
        ),
        (3, 1, 1),
        "the organization's four licenses"
    );
    let vendor_now = tallies::figures(db, &vendor_scope, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (vendor_now.counts.active, vendor_now.counts.expiring_soon),
        (4, 1)
    );

    // Online activations, and the same machine again (no new seat).
    let m = &w.master;
    online::activate(db, m, w.account_id, online_input(&unlimited_key, "ws-1"))
        .await
        .unwrap();
    let again = online::activate(db, m, w.account_id, online_input(&unlimited_key, "ws-1"))
        .await
        .unwrap();
    assert!(!again.created);
    let on_later = online::activate(db, m, w.account_id, online_input(&later_key, "ws-2"))
        .await
        .unwrap();
    assert_exact(db, &scopes, "online activations").await;
    assert_eq!(
        tallies::figures(db, &owner, Utc::now())
            .await
            .unwrap()
            .unwrap()
            .seats_used,
        2
    );

    // Offline activation, and the same file again.
    let rules = OfflineRules::default();
    let key = client(1);
    let (_, file) = request(&w, &key, "air-1");
    let air = offline::activate_offline(db, m, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    offline::activate_offline(db, m, &w.owner, file.as_bytes(), rules, None)
        .await
        .unwrap();
    assert_exact(db, &scopes, "offline activation").await;

    // Deactivation online (license key), by offline proof, and from the portal.
    let ws1 = online::activate(db, m, w.account_id, online_input(&unlimited_key, "ws-1"))
        .await
        .unwrap();
    online::deactivate(
        db,
        m,
        w.account_id,
        ws1.activation_id,
        DeactivationCredential::LicenseKey(unlimited_key.clone()),
        None,
    )
    .await
    .unwrap();
    assert_exact(db, &scopes, "online deactivation").await;
    let proof = deactivation(air.activation_id, "air-1", &key);
    offline::deactivate_offline(db, m, &w.owner, proof.as_bytes(), rules, None)
        .await
        .unwrap();
    assert_exact(db, &scopes, "offline deactivation").await;
    deactivations::deactivate_from_portal(db, &w.owner, later, on_later.activation_id, None)
        .await
        .unwrap();
    assert_exact(db, &scopes, "portal deactivation").await;

    // Status changes by the vendor console and by the service call.
    online::activate(db, m, w.account_id, online_input(&later_key, "ws-3"))
        .await
        .unwrap();
    for change in [
        StatusChange::Suspend,
        StatusChange::Reinstate,
        StatusChange::Suspend,
        StatusChange::Revoke,
    ] {
        vendor::change_status(db, &staff, later, change, None)
            .await
            .unwrap();
        assert_exact(db, &scopes, &format!("{change:?}")).await;
    }
    for status in [LicenseStatus::Suspended, LicenseStatus::Active] {
        licenses::set_status(db, w.account_id, individual, status)
            .await
            .unwrap();
        assert_exact(db, &scopes, &format!("set {status:?}")).await;
    }
    licenses::set_status(db, w.account_id, unlimited, LicenseStatus::Suspended)
        .await
        .unwrap();
    assert_exact(db, &scopes, "unlimited suspended").await;

    // Time passes and the job catches up, in steps: figures stay exact at each step.
    let start = Utc::now();
    for days in [15, 45, 400] {
        let at = start + Duration::days(days);
        let moved = tallies::advance(db, at).await.unwrap();
        assert!(moved > 0, "{days} days later, some stage moved");
        assert_eq!(tallies::advance(db, at).await.unwrap(), 0, "idempotent");
        assert_exact_at(db, &scopes, at, &format!("advanced {days} days")).await;
    }
    let long_after = tallies::figures(db, &owner, start + Duration::days(400))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            long_after.counts.active,
            long_after.counts.suspended,
            long_after.counts.revoked,
            long_after.counts.expired
        ),
        (0, 1, 1, 2),
        "the year-long license and the one already expired have expired"
    );
}

#[tokio::test]
async fn the_dashboards_show_the_counters() {
    let w = world(None).await;
    let db = &w.db;
    let staff = admin(&w).await;
    let key = client(2);
    let (_, file) = request(&w, &key, "air-2");
    offline::activate_offline(
        db,
        &w.master,
        &w.owner,
        file.as_bytes(),
        OfflineRules::default(),
        None,
    )
    .await
    .unwrap();
    let now = Utc::now();
    let board = dashboard::customer(db, &Scope::of(&w.owner)).await.unwrap();
    let counted = dashboard::counted_figures(db, &Scope::of(&w.owner), now)
        .await
        .unwrap();
    assert_eq!(board.counts, counted.counts);
    assert_eq!(
        (board.activations_used, board.activations_allowed),
        (1, Some(1))
    );
    let vendor = dashboard::vendor(db, &Scope::of(&staff)).await.unwrap();
    assert_eq!(vendor.counts.active, 1);
    assert_eq!(vendor.activations_last_30_days, 1);
    // A member sees only what is assigned to them: counted, not from the organization's
    // counters.
    let member = testing::customer(
        db,
        &passwords(),
        w.account_id,
        "member@acme.test",
        CustomerRole::Member,
        w.owner.organization_id(),
    )
    .await;
    let mine = dashboard::customer(db, &Scope::of(&member)).await.unwrap();
    assert_eq!((mine.counts.active, mine.activations_used), (0, 0));
    assert!(
        tallies::figures(db, &Scope::of(&member), now)
            .await
            .unwrap()
            .is_none()
    );
}

/// Activations and status changes at once, on one license and across several: the counters
/// never lose an update. On PostgreSQL (`TEST_DATABASE_URL`) or a SQLite file, so that
/// several connections really race.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_activations_keep_the_counters_exact() {
    let file = std::env::var("TEST_DATABASE_URL")
        .map_or(true, |u| u.trim().is_empty())
        .then(|| std::env::temp_dir().join(format!("keyport-tallies-{}", Uuid::new_v4())));
    let db = match &file {
        Some(dir) => {
            let db = service::db::connect(&service::db::sqlite_url(dir))
                .await
                .unwrap();
            service::db::migrate(&db).await.unwrap();
            db
        }
        None => testing::test_db().await,
    };
    let a = testing::account(&db, "race").await.id;
    let p = testing::product(&db, a, "Studio").await;
    let org = testing::organization(&db, a, "Acme").await;
    let staff = testing::staff(&db, &passwords(), a, "admin@race.test", StaffRole::Admin).await;
    let mut keys = Vec::new();
    let mut ids = Vec::new();
    for seats in [Some(10), Some(6), None, Some(4), Some(8)] {
        let (id, key) = licenses::create(
            &db,
            a,
            NewLicense {
                organization_id: Some(org),
                allowed_activations: seats,
                ..terms(p)
            },
        )
        .await
        .unwrap();
        ids.push(id);
        keys.push(key.as_str().to_owned());
    }
    let master = std::sync::Arc::new(service::crypto::MasterKey::generate());
    let mut tasks = Vec::new();
    // 20 machines at once on the 10-seat license, 8 on each of the others.
    for (n, key) in keys.iter().enumerate() {
        let machines = if n == 0 { 20 } else { 8 };
        for m in 0..machines {
            let (db, master, key) = (db.clone(), master.clone(), key.clone());
            tasks.push(tokio::spawn(async move {
                let input = online_input(&key, &format!("race-{n}-{m}"));
                match online::activate(&db, &master, a, input).await {
                    Ok(_) | Err(ServiceError::Conflict(_)) => {}
                    Err(e) => panic!("unexpected error: {e:?}"),
                }
            }));
        }
    }
    // Meanwhile the vendor suspends one and revokes another.
    for (id, change) in [
        (ids[3], StatusChange::Suspend),
        (ids[4], StatusChange::Revoke),
    ] {
        let (db, staff) = (db.clone(), staff.clone());
        tasks.push(tokio::spawn(async move {
            vendor::change_status(&db, &staff, id, change, None)
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let vendor_scope = Scope::of(&staff);
    assert_exact(&db, &[&vendor_scope], "after the race").await;
    let seats = tallies::figures(&db, &vendor_scope, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert!(seats.seats_used >= 10 + 6 + 8, "{seats:?}");
    let made: u64 = {
        use sea_orm::PaginatorTrait;
        activation::Entity::find().count(&db).await.unwrap()
    };
    let board = dashboard::vendor(&db, &vendor_scope).await.unwrap();
    assert_eq!(board.activations_last_30_days, made as i64);
    if let Some(dir) = file {
        db.close().await.unwrap();
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[tokio::test]
async fn check_finds_a_wrong_counter_and_rebuild_repairs_it() {
    let w = world(None).await;
    let db = &w.db;
    let key = client(3);
    let (_, file) = request(&w, &key, "air-3");
    offline::activate_offline(
        db,
        &w.master,
        &w.owner,
        file.as_bytes(),
        OfflineRules::default(),
        None,
    )
    .await
    .unwrap();
    let owner = Scope::of(&w.owner);
    assert_exact(db, &[&owner], "before").await;
    db.execute_unprepared("UPDATE license_tallies SET seats_used = seats_used + 5")
        .await
        .unwrap();
    db.execute_unprepared("DELETE FROM activation_days")
        .await
        .unwrap();
    let found = tallies::recount(db, Utc::now()).await.unwrap();
    assert!(
        found
            .iter()
            .any(|m| matches!(m, tallies::Mismatch::Licenses { .. }))
            && found
                .iter()
                .any(|m| matches!(m, tallies::Mismatch::ActivationDay { .. })),
        "{found:?}"
    );
    tallies::rebuild(db, Utc::now()).await.unwrap();
    assert_exact(db, &[&owner], "rebuilt").await;
    assert!(
        !license_tally::Entity::find()
            .all(db)
            .await
            .unwrap()
            .is_empty()
    );
}

/// The migration fills the counters from the rows already there.
#[tokio::test]
async fn the_migration_counts_existing_licenses_and_activations() {
    use sea_orm_migration::MigratorTrait;
    use service::migration::Migrator;
    let w = world(None).await;
    let db = &w.db;
    let (_, file) = request(&w, &client(4), "air-4");
    offline::activate_offline(
        db,
        &w.master,
        &w.owner,
        file.as_bytes(),
        OfflineRules::default(),
        None,
    )
    .await
    .unwrap();
    issue(
        &w,
        NewLicense {
            organization_id: w.owner.organization_id(),
            expires_at: Some(Utc::now() + Duration::days(5)),
            ..terms(w.product_id)
        },
    )
    .await;
    let all = Migrator::migrations();
    let ours = all
        .iter()
        .position(|m| m.name() == "m20261205_000002_create_license_tallies")
        .unwrap();
    Migrator::down(db, Some((all.len() - ours) as u32))
        .await
        .unwrap();
    Migrator::up(db, None).await.unwrap();
    let owner = Scope::of(&w.owner);
    assert_exact(db, &[&owner], "migrated").await;
    let f = tallies::figures(db, &owner, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (f.counts.active, f.counts.expiring_soon, f.seats_used),
        (2, 1, 1)
    );
}

/// The demo and the scale seed leave exact counters (the scale seed writes rows in bulk and
/// rebuilds them).
#[tokio::test]
async fn the_seeds_leave_exact_counters() {
    let db = testing::test_db().await;
    let pw = passwords();
    let summary = service::demo::seed(&db, &pw, &service::crypto::MasterKey::generate())
        .await
        .unwrap();
    let mismatches = tallies::recount(&db, Utc::now()).await.unwrap();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    let spec = service::demo::ScaleSpec {
        licenses: 40,
        activations: 120,
        machines_on_one: 25,
        users: 3,
    };
    service::demo::seed_scale(&db, &pw, summary.account.id, spec)
        .await
        .unwrap();
    let mismatches = tallies::recount(&db, Utc::now()).await.unwrap();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
