//! Releases: publishing streams to the store, customers see eligibility, downloads are checked.

use bytes::Bytes;
use chrono::{Duration, Utc};
use futures_util::{TryStreamExt, stream};
use service::{
    Db, ServiceError,
    licenses::NewLicense,
    permissions::{CustomerRole, StaffRole},
    principal::Scope,
    releases::{
        catalog::{self, Refusal},
        publish::{self, NewRelease},
        storage::ReleaseStore,
    },
    testing::{self, customer, license, organization, passwords, product, staff, terms},
};
use uuid::Uuid;

fn new(product: &str, version: &str, channel: &str) -> NewRelease {
    NewRelease {
        product: product.into(),
        version: version.into(),
        channel: channel.into(),
        platform: "linux".into(),
        arch: "x86_64".into(),
        notes: "**Fixed** things".into(),
    }
}

fn body(
    parts: &[&'static [u8]],
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + use<> {
    stream::iter(
        parts
            .iter()
            .map(|p| Ok(Bytes::from_static(p)))
            .collect::<Vec<_>>(),
    )
}

/// Publishes `version` on `channel` with one file `name` holding `bytes`.
async fn release(
    db: &Db,
    store: &ReleaseStore,
    account: Uuid,
    version: &str,
    channel: &str,
    bytes: &'static [u8],
) -> (Uuid, Uuid) {
    let r = publish::create_draft(db, account, new("Widget", version, channel))
        .await
        .unwrap();
    let f = publish::add_file(
        db,
        store,
        account,
        r.id,
        "widget.tar.gz",
        body(&[bytes]),
        1 << 20,
    )
    .await
    .unwrap();
    publish::publish(db, account, r.id).await.unwrap();
    (r.id, f.id)
}

#[tokio::test]
async fn publishing_streams_hashes_and_refuses_bad_input() {
    let db = testing::test_db().await;
    let store = ReleaseStore::in_memory();
    let a = testing::account(&db, "acme").await.id;
    product(&db, a, "Widget").await;

    let bad = publish::create_draft(&db, a, new("Widget", "2.4", "stable")).await;
    assert!(
        matches!(bad, Err(ServiceError::Invalid(ref e)) if e[0].field == "version"),
        "{bad:?}"
    );
    let bad = publish::create_draft(&db, a, new("Gadget", "2.4.1", "stable")).await;
    assert!(
        matches!(bad, Err(ServiceError::Invalid(ref e)) if e[0].field == "product"),
        "{bad:?}"
    );

    let r = publish::create_draft(&db, a, new("Widget", "2.4.1", "Stable"))
        .await
        .unwrap();
    assert_eq!((r.status.as_str(), r.channel.as_str()), ("draft", "stable"));
    let dup = publish::create_draft(&db, a, new("Widget", "v2.4.1", "stable")).await;
    assert!(matches!(dup, Err(ServiceError::Conflict(_))), "{dup:?}");
    assert!(
        matches!(
            publish::publish(&db, a, r.id).await,
            Err(ServiceError::Invalid(_))
        ),
        "a release without files cannot be published"
    );

    for name in [
        "../../etc/passwd",
        "a/b.zip",
        "..",
        ".hidden",
        "a\\b.exe",
        "x\u{0}.zip",
        "",
    ] {
        let got = publish::add_file(&db, &store, a, r.id, name, body(&[b"x"]), 10).await;
        assert!(
            matches!(got, Err(ServiceError::Invalid(ref e)) if e[0].field == "file"),
            "{name:?}"
        );
    }
    let over = publish::add_file(
        &db,
        &store,
        a,
        r.id,
        "big.bin",
        body(&[b"12345", b"678"]),
        7,
    )
    .await;
    assert!(
        matches!(over, Err(ServiceError::Invalid(ref e)) if e[0].message.contains("larger")),
        "{over:?}"
    );
    let cut = stream::iter(vec![
        Ok(Bytes::from_static(b"half")),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "cut",
        )),
    ]);
    let cut = publish::add_file(&db, &store, a, r.id, "cut.bin", cut, 100).await;
    assert!(
        matches!(cut, Err(ServiceError::Invalid(ref e)) if e[0].message.contains("interrupted")),
        "{cut:?}"
    );

    let f = publish::add_file(
        &db,
        &store,
        a,
        r.id,
        "widget-2.4.1.tar.gz",
        body(&[b"hello ", b"world"]),
        100,
    )
    .await
    .unwrap();
    assert_eq!(f.size, 11);
    assert_eq!(
        f.sha256,
        "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
    );
    assert!(f.storage_key.starts_with(&format!("releases/{a}/")));
    assert!(
        !f.storage_key.contains("widget"),
        "keys never hold the uploaded name"
    );
    let got: Vec<Bytes> = store
        .get(&f.storage_key, Some(6..11))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got.concat(), b"world");

    let staff_scope =
        Scope::of(&staff(&db, &passwords(), a, "admin@acme.example", StaffRole::Admin).await);
    let listed = catalog::for_vendor(&db, &staff_scope).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].files.len(), 1, "failed uploads left no rows");
    assert!(listed[0].notes_html.contains("<strong>Fixed</strong>"));
    publish::publish(&db, a, r.id).await.unwrap();
    publish::yank(&db, a, r.id).await.unwrap();
    assert_eq!(
        catalog::for_vendor(&db, &staff_scope).await.unwrap()[0].status,
        "yanked"
    );
}

#[tokio::test]
async fn customers_see_eligibility_and_downloads_are_checked() {
    let db = testing::test_db().await;
    let store = ReleaseStore::in_memory();
    let pw = passwords();
    let a = testing::account(&db, "acme").await.id;
    let widget = product(&db, a, "Widget").await;
    let org = organization(&db, a, "Globex").await;
    let owner = customer(
        &db,
        &pw,
        a,
        "owner@globex.example",
        CustomerRole::Owner,
        Some(org),
    )
    .await;
    let lapsed = license(
        &db,
        a,
        NewLicense {
            organization_id: Some(org),
            maintenance_expires_at: Some(Utc::now() - Duration::days(30)),
            ..terms(widget)
        },
    )
    .await;

    let (_, stable_file) = release(&db, &store, a, "2.4.1", "stable", b"stable bytes").await;
    let (beta, _) = release(&db, &store, a, "3.0.0-beta.1", "beta", b"beta bytes").await;
    let scope = Scope::of(&owner);

    let listed = catalog::for_customer(&db, &scope, Some(lapsed))
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    for r in &listed {
        assert_eq!(r.license_id, None, "{r:?}");
        assert!(
            r.reason
                .as_deref()
                .unwrap()
                .starts_with("your maintenance ended on"),
            "{r:?}"
        );
    }
    assert!(matches!(
        catalog::authorize(&db, &scope, lapsed, stable_file).await,
        Err(Refusal::Ineligible(_))
    ));

    // A current license with the beta channel: both eligible, each latest of its channel.
    let current = license(
        &db,
        a,
        NewLicense {
            organization_id: Some(org),
            metadata: vec![("release_channels".into(), "stable,beta".into())],
            ..terms(widget)
        },
    )
    .await;
    let listed = catalog::for_customer(&db, &scope, None).await.unwrap();
    assert!(
        listed
            .iter()
            .all(|r| r.license_id == Some(current) && r.latest && r.reason.is_none()),
        "{listed:?}"
    );
    let grant = catalog::authorize(&db, &scope, current, stable_file)
        .await
        .unwrap();
    assert_eq!(grant.file.size, 12);

    // Yanked: hidden from lists, refused with the reason.
    publish::yank(&db, a, beta).await.unwrap();
    assert_eq!(
        catalog::for_customer(&db, &scope, None)
            .await
            .unwrap()
            .len(),
        1
    );

    // Another vendor's customer sees nothing and cannot download.
    let other =
        testing::other_vendor(&db, "initech", "o@initech.example", testing::TEST_PASSWORD).await;
    let other_scope = Scope::of(&other.owner);
    assert!(
        catalog::for_customer(&db, &other_scope, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        catalog::authorize(&db, &other_scope, current, stable_file).await,
        Err(Refusal::NotFound)
    ));
    assert!(matches!(
        catalog::for_customer(&db, &other_scope, Some(current)).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        catalog::for_vendor(&db, &scope).await,
        Err(ServiceError::Forbidden)
    ));
}

/// The releases list of an organization weighs its longest-maintained licenses, not all of
/// them: one license with unlimited maintenance among many whose maintenance ended still
/// grants every release, whichever is older; and with none current, the list says why.
#[tokio::test]
async fn the_list_finds_the_license_that_grants_among_many_lapsed_ones() {
    let db = testing::test_db().await;
    let store = ReleaseStore::in_memory();
    let pw = passwords();
    let a = testing::account(&db, "many").await.id;
    let widget = product(&db, a, "Widget").await;
    let org = organization(&db, a, "Initech").await;
    let owner = customer(
        &db,
        &pw,
        a,
        "o@initech.test",
        CustomerRole::Owner,
        Some(org),
    )
    .await;
    let lapsed = |days: i64| NewLicense {
        organization_id: Some(org),
        maintenance_expires_at: Some(Utc::now() - Duration::days(days)),
        ..terms(widget)
    };
    for days in 1..=(catalog::CANDIDATES as i64 + 10) {
        license(&db, a, lapsed(days)).await;
    }
    let (release_id, _) = release(&db, &store, a, "2.4.1", "stable", b"bytes").await;
    let scope = Scope::of(&owner);
    let listed = catalog::for_customer(&db, &scope, None).await.unwrap();
    let entry = listed.iter().find(|r| r.id == release_id).unwrap();
    assert_eq!(entry.license_id, None);
    assert!(
        entry
            .reason
            .as_deref()
            .unwrap()
            .starts_with("your maintenance ended on"),
        "{entry:?}"
    );

    // One license with unlimited maintenance, and more lapsed ones issued after it.
    let forever = license(
        &db,
        a,
        NewLicense {
            organization_id: Some(org),
            ..terms(widget)
        },
    )
    .await;
    for _ in 0..10 {
        license(&db, a, lapsed(400)).await;
    }
    let listed = catalog::for_customer(&db, &scope, None).await.unwrap();
    let entry = listed.iter().find(|r| r.id == release_id).unwrap();
    assert_eq!(entry.license_id, Some(forever), "{entry:?}");
    assert!(entry.latest);
    // Staff see the same through the whole account.
    let staff_user = staff(&db, &pw, a, "s@many.test", StaffRole::Support).await;
    let listed = catalog::for_customer(&db, &Scope::of(&staff_user), None)
        .await
        .unwrap();
    assert_eq!(
        listed
            .iter()
            .find(|r| r.id == release_id)
            .unwrap()
            .license_id,
        Some(forever)
    );
}
