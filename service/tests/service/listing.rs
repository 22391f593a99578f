//! Keyset pages and filters of the license list.

use service::{
    Db, ServiceError,
    licenses::{self, LicenseFilter, LicenseStatus},
    permissions::CustomerRole,
    principal::{Principal, Scope},
    testing::{self, customer, org_license, organization, passwords, product},
};
use uuid::Uuid;

/// A fresh account (`alias`) with the product "Studio" and the organization "Acme", signed in as
/// Acme's Owner.
struct Acme {
    db: Db,
    a: Uuid,
    p: Uuid,
    org: Uuid,
    owner: Principal,
}

async fn acme(alias: &str) -> Acme {
    let db = testing::test_db().await;
    let a = testing::account(&db, alias).await.id;
    let p = product(&db, a, "Studio").await;
    let org = organization(&db, a, "Acme").await;
    let owner = customer(
        &db,
        &passwords(),
        a,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(org),
    )
    .await;
    Acme {
        db,
        a,
        p,
        org,
        owner,
    }
}

#[tokio::test]
async fn pages_walk_newest_first_without_gaps() {
    let Acme {
        db,
        a,
        p,
        org,
        owner,
    } = acme("pages").await;
    let mut created = Vec::new();
    for _ in 0..7 {
        created.push(org_license(&db, a, p, org, &[]).await);
    }
    created.reverse();
    let scope = Scope::of(&owner);
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = licenses::list(
            &db,
            &scope,
            LicenseFilter {
                after,
                limit: 3,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(page.rows.len() <= 3);
        seen.extend(page.rows.iter().map(|r| r.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, created);
}

#[tokio::test]
async fn filters_by_status_and_key_prefix() {
    let Acme {
        db,
        a,
        p,
        org,
        owner,
    } = acme("filters").await;
    let active = org_license(&db, a, p, org, &[]).await;
    let suspended = org_license(&db, a, p, org, &[]).await;
    licenses::set_status(&db, a, suspended, LicenseStatus::Suspended)
        .await
        .unwrap();
    let scope = Scope::of(&owner);

    let only = |status| LicenseFilter {
        status: Some(status),
        ..Default::default()
    };
    let ids = |page: licenses::LicensePage| page.rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(licenses::list(&db, &scope, only(LicenseStatus::Active))
            .await
            .unwrap()),
        vec![active]
    );
    assert_eq!(
        ids(licenses::list(&db, &scope, only(LicenseStatus::Suspended))
            .await
            .unwrap()),
        vec![suspended]
    );
    assert!(
        ids(licenses::list(&db, &scope, only(LicenseStatus::Revoked))
            .await
            .unwrap())
        .is_empty()
    );

    let key = licenses::detail(&db, &scope, active).await.unwrap().row.key;
    let prefix = key[..9].to_lowercase();
    let found = licenses::list(
        &db,
        &scope,
        LicenseFilter {
            key_prefix: Some(prefix),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(ids(found), vec![active]);
    let bad = licenses::list(
        &db,
        &scope,
        LicenseFilter {
            key_prefix: Some("KP-%".into()),
            ..Default::default()
        },
    )
    .await;
    assert!(matches!(bad, Err(ServiceError::Invalid(e)) if e[0].field == "q"));
}

/// A prefix that most keys share ("KP-") is found by walking the list's own order, a rare one
/// by the key index (`licenses::key_condition`): both give the same pages, newest first, and
/// nothing of another organization.
#[tokio::test]
async fn broad_and_narrow_key_prefixes_give_the_same_pages() {
    let Acme {
        db,
        a,
        p,
        org,
        owner,
    } = acme("prefixes").await;
    let other = organization(&db, a, "Other").await;
    // More than the 1,000 matches up to which a prefix counts as narrow.
    let mut created = Vec::new();
    for _ in 0..1_010 {
        created.push(org_license(&db, a, p, org, &[]).await);
    }
    created.reverse();
    let theirs = org_license(&db, a, p, other, &[]).await;
    let scope = Scope::of(&owner);
    let key = licenses::detail(&db, &scope, created[0])
        .await
        .unwrap()
        .row
        .key;
    let broad = key[..3].to_lowercase();

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = licenses::list(
            &db,
            &scope,
            LicenseFilter {
                key_prefix: Some(broad.clone()),
                after,
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        seen.extend(page.rows.iter().map(|r| r.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        seen, created,
        "every license of Acme, newest first, and none of Other's"
    );
    assert!(!seen.contains(&theirs));

    let narrow = licenses::list(
        &db,
        &scope,
        LicenseFilter {
            key_prefix: Some(key.clone()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        narrow.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![created[0]]
    );
}

/// Each row names its product, its owner and its groups (sorted by name), read for the whole
/// page at once.
#[tokio::test]
async fn rows_name_their_product_owner_and_groups() {
    let Acme {
        db,
        a,
        p,
        org,
        owner,
    } = acme("names").await;
    let zeta = testing::group(&db, a, org, "Zeta", &[]).await;
    let alpha = testing::group(&db, a, org, "Alpha", &[]).await;
    let both = org_license(&db, a, p, org, &[zeta, alpha]).await;
    let one = org_license(&db, a, p, org, &[zeta]).await;
    let none = org_license(&db, a, p, org, &[]).await;
    let page = licenses::list(&db, &Scope::of(&owner), LicenseFilter::default())
        .await
        .unwrap();
    let groups = |id| {
        let row = page.rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            (row.product_name.as_str(), row.owner.as_str()),
            ("Studio", "Acme")
        );
        row.groups.clone()
    };
    assert_eq!(groups(both), ["Alpha", "Zeta"]);
    assert_eq!(groups(one), ["Zeta"]);
    assert!(groups(none).is_empty());
}
