//! The demo seed: idempotent, and rich enough for the portal and the end-to-end tests.

use secrecy::SecretString;
use service::{
    auth::{self, LoginInput},
    crypto::MasterKey,
    dashboard,
    demo::{self, DEMO_PASSWORD},
    licenses::{self, LicenseFilter, LicenseStatus},
    principal::Scope,
    testing::{self, passwords},
};

async fn sign_in(
    db: &service::Db,
    pw: &service::passwords::Passwords,
    account: uuid::Uuid,
    email: &str,
) -> Scope {
    let input = LoginInput {
        email: email.into(),
        password: SecretString::from(DEMO_PASSWORD),
        ip: None,
        user_agent: None,
    };
    Scope::of(
        &auth::login(db, pw, account, input, None)
            .await
            .unwrap()
            .principal,
    )
}

async fn count(db: &service::Db, scope: &Scope, status: Option<LicenseStatus>) -> usize {
    licenses::list(
        db,
        scope,
        LicenseFilter {
            status,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows
    .len()
}

#[tokio::test]
async fn the_demo_seeds_once_with_licenses_in_every_status() {
    let db = testing::test_db().await;
    let pw = passwords();
    let master = MasterKey::generate();
    let first = demo::seed(&db, &pw, &master).await.unwrap();
    assert!(first.created);
    assert_eq!(first.account.name, "Northwind Software");
    assert_eq!(first.logins.len(), 13);
    let again = demo::seed(&db, &pw, &master).await.unwrap();
    assert!(!again.created);
    assert_eq!(again.account.id, first.account.id);
    let a = first.account.id;

    let admin = sign_in(&db, &pw, a, "admin@vendor.example").await;
    assert!(count(&db, &admin, None).await >= 40);
    for status in LicenseStatus::ALL {
        assert!(
            count(&db, &admin, Some(status)).await >= 3,
            "too few {status:?} licenses"
        );
    }
    let vendor = dashboard::vendor(&db, &admin).await.unwrap();
    assert_eq!(vendor.organizations, 2);
    assert_eq!(vendor.customers, 11);
    assert!(vendor.counts.expiring_soon >= 3);
    assert!(vendor.activations_last_30_days > 10);

    // Acme's owner sees all of Acme; Max only Engineering's and his own.
    let owner = sign_in(&db, &pw, a, "owner@acme.example").await;
    let max = sign_in(&db, &pw, a, "member@acme.example").await;
    let designer = sign_in(&db, &pw, a, "designer@acme.example").await;
    let solo = sign_in(&db, &pw, a, "solo@example.com").await;
    assert_eq!(count(&db, &owner, None).await, 26);
    assert_eq!(count(&db, &max, None).await, 13);
    assert_eq!(count(&db, &designer, None).await, 4);
    assert_eq!(count(&db, &solo, None).await, 5);
    assert_eq!(
        count(
            &db,
            &sign_in(&db, &pw, a, "owner@globex.example").await,
            None
        )
        .await,
        9
    );
    assert_eq!(
        count(&db, &sign_in(&db, &pw, a, "dev@globex.example").await, None).await,
        7
    );

    let board = dashboard::customer(&db, &max).await.unwrap();
    assert!(board.activations_used > 0);
    assert_eq!(board.recent_activations.len(), 5);
    assert!(
        board
            .recent_activations
            .windows(2)
            .all(|w| w[0].activated_at >= w[1].activated_at)
    );
    // Each machine names its license's product, as the license list does.
    for recent in &board.recent_activations {
        let row = board_license(&db, &max, recent.license_id).await;
        assert_eq!(recent.product_name, row.product_name);
        assert!(!recent.product_name.is_empty());
    }
    assert!(!board.expiring_soon.is_empty());
    assert_eq!(board.licenses.len(), 10);
    let everyone = dashboard::customer(&db, &owner).await.unwrap();
    assert_eq!(everyone.recent_activations.len(), 5);
    assert!(!everyone.expiring_soon.is_empty());
    // The overview shows the figures, not a list of licenses nobody sees.
    assert!(everyone.licenses.is_empty());
    for recent in &everyone.recent_activations {
        let row = board_license(&db, &owner, recent.license_id).await;
        assert_eq!(recent.product_name, row.product_name);
    }
    assert_eq!(
        everyone.activations_allowed, None,
        "Acme has unlimited licenses"
    );
    assert!(matches!(
        dashboard::customer(&db, &admin).await,
        Err(service::ServiceError::Forbidden)
    ));
    assert!(matches!(
        dashboard::vendor(&db, &owner).await,
        Err(service::ServiceError::Forbidden)
    ));

    // Machines of a suspended license were activated while it was active.
    let suspended = licenses::list(
        &db,
        &owner,
        LicenseFilter {
            status: Some(LicenseStatus::Suspended),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows;
    assert!(suspended.iter().any(|l| l.activations > 0));
    let detail = licenses::detail(&db, &owner, suspended[0].id)
        .await
        .unwrap();
    assert_eq!(detail.machines.len() as i64, detail.row.activations);
}

/// A customer without an organization (solo@example.com, an Owner by role) holds none of an
/// organization's permissions, whatever the matrix gives Owners: the navigation offers them
/// no Users, Groups or Activity page that would only refuse them. Acme's Owner keeps them.
#[tokio::test]
async fn a_customer_without_an_organization_holds_no_organization_permission() {
    use service::permissions::Permission;
    let db = testing::test_db().await;
    let pw = passwords();
    let a = demo::seed(&db, &pw, &MasterKey::generate())
        .await
        .unwrap()
        .account
        .id;
    let principal = |email: &'static str| {
        let (db, pw) = (&db, &pw);
        async move {
            let input = LoginInput {
                email: email.into(),
                password: SecretString::from(DEMO_PASSWORD),
                ip: None,
                user_agent: None,
            };
            auth::login(db, pw, a, input, None).await.unwrap().principal
        }
    };
    let solo = principal("solo@example.com").await;
    let owner = principal("owner@acme.example").await;
    for p in Permission::ALL
        .into_iter()
        .filter(|p| p.needs_organization())
    {
        assert!(!solo.can(p), "solo holds {}", p.id());
        assert!(owner.can(p), "Acme's owner lacks {}", p.id());
    }
    for p in [Permission::LicensesView, Permission::ReleasesDownload] {
        assert!(solo.can(p), "solo lacks {}", p.id());
    }
}

#[tokio::test]
async fn the_scale_seed_adds_licenses_machines_and_users_as_the_rules_would_leave_them() {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use service::entities::{activation, license};
    let db = testing::test_db().await;
    let pw = passwords();
    let summary = demo::seed(&db, &pw, &MasterKey::generate()).await.unwrap();
    let spec = demo::ScaleSpec {
        licenses: 40,
        activations: 120,
        machines_on_one: 25,
        users: 30,
    };
    let made = demo::seed_scale(&db, &pw, summary.account.id, spec)
        .await
        .unwrap();
    assert_eq!((made.activations, made.users), (120 + 25, 30));
    // Every license's counter equals its live machines, the big one's included.
    let mut checked = 0;
    for lic in license::Entity::find()
        .filter(license::Column::OrganizationId.eq(made.organization_id))
        .all(&db)
        .await
        .unwrap()
    {
        let live = activation::Entity::find()
            .filter(activation::Column::LicenseId.eq(lic.id))
            .filter(activation::Column::DeactivatedAt.is_null())
            .count(&db)
            .await
            .unwrap();
        assert_eq!(lic.activations_count, live as i64, "license {}", lic.id);
        checked += 1;
    }
    assert_eq!(checked as u64, made.licenses);
    // The Owner sees them, newest first, and a seeded user signs in with the demo password.
    let owner = sign_in(&db, &pw, summary.account.id, "owner@acme.example").await;
    let page = licenses::list(&db, &owner, LicenseFilter::default())
        .await
        .unwrap();
    assert_eq!(page.rows[0].id, made.big_license_id);
    sign_in(&db, &pw, summary.account.id, "user00029@acme.example").await;
}

/// The license list's row of one license, as `scope` sees it.
async fn board_license(db: &service::Db, scope: &Scope, id: uuid::Uuid) -> licenses::LicenseRow {
    licenses::detail(db, scope, id).await.unwrap().row
}
