//! Connecting, migrating both ways, and the seat race on a SQLite file with several
//! connections (the in-memory database has only one).

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::MigratorTrait;
use service::{
    activations::{self, ActivationInput, ActivationMode},
    db,
    licenses::NewLicense,
    migration::Migrator,
    testing::{self, fingerprint, organization, product, terms},
};

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let db = testing::test_db().await;
    db::ping(&db).await.unwrap();
    Migrator::down(&db, None).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    testing::account(&db, "after-redo").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sqlite_file_uses_wal_and_never_oversells_seats() {
    let dir = std::env::temp_dir()
        .join(format!("keyport-test-{}", uuid::Uuid::new_v4().simple()))
        .join("nested");
    let db = db::connect(&db::sqlite_url(&dir)).await.unwrap();
    db::migrate(&db).await.unwrap();
    assert!(
        dir.join("keyport.db").exists(),
        "the parent directory is created"
    );
    let mode = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA journal_mode",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "journal_mode")
        .unwrap();
    assert_eq!(mode, "wal");

    let a = testing::account(&db, "file").await.id;
    let p = product(&db, a, "Studio").await;
    let org = organization(&db, a, "Acme").await;
    let id = testing::license(
        &db,
        a,
        NewLicense {
            organization_id: Some(org),
            allowed_activations: Some(4),
            ..terms(p)
        },
    )
    .await;
    let racers: Vec<_> = (0..20)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                let input = ActivationInput {
                    fingerprint: fingerprint(&format!("racer-{n}")),
                    hostname: format!("racer-{n}"),
                    os: "Debian 12".into(),
                    app_version: None,
                    mode: ActivationMode::Online,
                    client_pub: None,
                };
                activations::activate(&db, a, id, input, "api").await
            })
        })
        .collect();
    let mut won = 0;
    for racer in racers {
        match racer.await.unwrap() {
            Ok(_) => won += 1,
            Err(service::ServiceError::Conflict(_)) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(won, 4);
    db.close().await.unwrap();
    std::fs::remove_dir_all(dir.parent().unwrap()).ok();
}
