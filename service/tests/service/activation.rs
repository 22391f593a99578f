//! The activation rule: seats, same machine, refused statuses, and concurrency.

use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use service::{
    Db, ServiceError,
    activations::{self, ActivationInput, ActivationMode},
    entities::license,
    licenses::{self, LicenseStatus, NewLicense},
    permissions::StaffRole,
    principal::Scope,
    testing::{self, fingerprint, organization, product, terms},
};
use uuid::Uuid;

fn machine(n: usize) -> ActivationInput {
    ActivationInput {
        fingerprint: fingerprint(&format!("machine-{n}")),
        hostname: format!("build-agent-{n:02}"),
        os: "Ubuntu 24.04".into(),
        app_version: Some("2025.2.0".into()),
        mode: ActivationMode::Online,
        client_pub: None,
    }
}

async fn license_with(db: &Db, seats: Option<i64>) -> (Uuid, Uuid) {
    let a = testing::account(db, "acts").await.id;
    let p = product(db, a, "Studio").await;
    let org = organization(db, a, "Acme").await;
    let new = NewLicense {
        organization_id: Some(org),
        allowed_activations: seats,
        ..terms(p)
    };
    (a, testing::license(db, a, new).await)
}

async fn seats_used(db: &Db, id: Uuid) -> i64 {
    license::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .activations_count
}

fn is_conflict(res: &Result<(Uuid, bool), ServiceError>) -> bool {
    matches!(res, Err(ServiceError::Conflict(_)))
}

#[tokio::test]
async fn the_seat_limit_holds_and_the_same_machine_gets_its_seat_back() {
    let db = testing::test_db().await;
    let (a, id) = license_with(&db, Some(2)).await;
    let (first, created) = activations::activate(&db, a, id, machine(1), "api")
        .await
        .unwrap();
    assert!(created);
    let (again, created) = activations::activate(&db, a, id, machine(1), "api")
        .await
        .unwrap();
    assert_eq!((again, created), (first, false));
    activations::activate(&db, a, id, machine(2), "api")
        .await
        .unwrap();
    let third = activations::activate(&db, a, id, machine(3), "api").await;
    assert!(is_conflict(&third), "{third:?}");
    assert_eq!(seats_used(&db, id).await, 2);
    // The machines already in keep working.
    let (_, created) = activations::activate(&db, a, id, machine(2), "api")
        .await
        .unwrap();
    assert!(!created);
}

#[tokio::test]
async fn unlimited_licenses_take_any_number() {
    let db = testing::test_db().await;
    let (a, id) = license_with(&db, None).await;
    for n in 0..12 {
        activations::activate(&db, a, id, machine(n), "api")
            .await
            .unwrap();
    }
    assert_eq!(seats_used(&db, id).await, 12);
}

#[tokio::test]
async fn suspended_revoked_and_expired_licenses_refuse_new_machines() {
    let db = testing::test_db().await;
    let (a, id) = license_with(&db, Some(5)).await;
    licenses::set_status(&db, a, id, LicenseStatus::Suspended)
        .await
        .unwrap();
    assert!(is_conflict(
        &activations::activate(&db, a, id, machine(1), "api").await
    ));
    licenses::set_status(&db, a, id, LicenseStatus::Revoked)
        .await
        .unwrap();
    assert!(is_conflict(
        &activations::activate(&db, a, id, machine(1), "api").await
    ));

    let p = product(&db, a, "Render").await;
    let org = organization(&db, a, "Expired Co").await;
    let new = NewLicense {
        organization_id: Some(org),
        expires_at: Some(Utc::now() - Duration::hours(1)),
        ..terms(p)
    };
    let expired = testing::license(&db, a, new).await;
    assert!(is_conflict(
        &activations::activate(&db, a, expired, machine(1), "api").await
    ));
    assert_eq!(
        seats_used(&db, id).await + seats_used(&db, expired).await,
        0
    );
}

#[tokio::test]
async fn other_accounts_and_bad_input_are_refused() {
    let db = testing::test_db().await;
    let (a, id) = license_with(&db, Some(5)).await;
    let other = testing::account(&db, "other").await.id;
    let res = activations::activate(&db, other, id, machine(1), "api").await;
    assert!(matches!(res, Err(ServiceError::NotFound)));
    let res = activations::activate(
        &db,
        a,
        id,
        ActivationInput {
            fingerprint: "abc".into(),
            ..machine(1)
        },
        "api",
    )
    .await;
    assert!(matches!(res, Err(ServiceError::Invalid(_))));
    // A client key must be a real Ed25519 key: one the machine could never sign with would
    // leave a seat nobody can prove the release of.
    let bogus = ActivationInput {
        mode: ActivationMode::Offline,
        client_pub: Some("cHVi".into()),
        ..machine(2)
    };
    let res = activations::activate(&db, a, id, bogus, "offline").await;
    assert!(matches!(res, Err(ServiceError::Invalid(e)) if e[0].field == "client_pub"));
    let key = sdk::keys::signing_key_from_seed([2; 32]).verifying_key();
    let offline = ActivationInput {
        mode: ActivationMode::Offline,
        client_pub: Some(sdk::keys::encode_public_key(&key)),
        ..machine(2)
    };
    activations::activate(&db, a, id, offline, "offline")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_machines_racing_for_the_last_seat_take_exactly_one() {
    let db = testing::test_db().await;
    let (a, id) = license_with(&db, Some(3)).await;
    activations::activate(&db, a, id, machine(100), "api")
        .await
        .unwrap();
    activations::activate(&db, a, id, machine(101), "api")
        .await
        .unwrap();

    let racers: Vec<_> = (0..20)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move { activations::activate(&db, a, id, machine(n), "api").await })
        })
        .collect();
    let mut won = 0;
    for racer in racers {
        match racer.await.unwrap() {
            Ok((_, true)) => won += 1,
            Ok((_, false)) => panic!("a new machine was reported as existing"),
            Err(ServiceError::Conflict(_)) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(seats_used(&db, id).await, 3);
    let admin = testing::staff(
        &db,
        &testing::passwords(),
        a,
        "admin@acts.test",
        StaffRole::Admin,
    )
    .await;
    let detail = licenses::detail(&db, &Scope::of(&admin), id).await.unwrap();
    assert_eq!(detail.machines.len(), 3);
}

/// On a SQLite file (as `keyport serve` runs it), 40 activations at once over 8 connections
/// queue for the writer's turn in the process: every one of them is answered (none gives up
/// in SQLite's busy handler), and the seat limit holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_machines_at_once_on_a_sqlite_file_are_all_answered_and_the_limit_holds() {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.trim().is_empty()) {
        return; // The file is the point; PostgreSQL runs the race above.
    }
    let dir = std::env::temp_dir().join(format!("keyport-file-{}", Uuid::new_v4()));
    let db = service::db::connect(&service::db::sqlite_url(&dir))
        .await
        .unwrap();
    service::db::migrate(&db).await.unwrap();
    let (a, id) = license_with(&db, Some(25)).await;
    let racers: Vec<_> = (0..40)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move { activations::activate(&db, a, id, machine(n), "api").await })
        })
        .collect();
    let (mut won, mut refused) = (0, 0);
    for racer in racers {
        match racer.await.unwrap() {
            Ok((_, true)) => won += 1,
            Err(ServiceError::Conflict(_)) => refused += 1,
            other => panic!("unexpected answer: {other:?}"),
        }
    }
    assert_eq!((won, refused), (25, 15));
    assert_eq!(seats_used(&db, id).await, 25);
    db.close().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

/// A license's page lists its machines a page at a time, newest first: a license with
/// 1,000 machines made that page 2 MB. Walking the pages shows each live machine once, a
/// deactivated one never, and a cursor that is not one of the license's machines starts over.
#[tokio::test]
async fn a_licenses_machines_come_a_page_at_a_time() {
    let db = testing::test_db().await;
    let (a, id) = license_with(&db, None).await;
    let staff = testing::staff(&db, &testing::passwords(), a, "s@v.test", StaffRole::Admin).await;
    let scope = Scope::of(&staff);
    let mut made = Vec::new();
    for n in 0..(licenses::MACHINES_PAGE as usize + 7) {
        let (activation, _) = activations::activate(&db, a, id, machine(n), "api")
            .await
            .unwrap();
        made.push(activation);
    }
    let gone = made.remove(3);
    service::deactivations::deactivate_from_portal(&db, &staff, id, gone, None)
        .await
        .unwrap();
    made.reverse();

    let first = licenses::detail(&db, &scope, id).await.unwrap();
    assert_eq!(first.machines.len() as u64, licenses::MACHINES_PAGE);
    let next = first.machines_next.expect("a second page");
    let second = licenses::detail_page(&db, &scope, id, Some(next))
        .await
        .unwrap();
    assert_eq!(second.machines_next, None);
    let seen: Vec<Uuid> = first
        .machines
        .iter()
        .chain(&second.machines)
        .map(|m| m.id)
        .collect();
    assert_eq!(seen, made, "every live machine once, newest first");

    // Another license's machine as the cursor: the first page again, nothing of the other.
    let org = organization(&db, a, "Other Co").await;
    let new = NewLicense {
        organization_id: Some(org),
        ..terms(product(&db, a, "Other").await)
    };
    let other = testing::license(&db, a, new).await;
    let (foreign, _) = activations::activate(&db, a, other, machine(1), "api")
        .await
        .unwrap();
    let again = licenses::detail_page(&db, &scope, id, Some(foreign))
        .await
        .unwrap();
    assert_eq!(again.machines, first.machines);
}
