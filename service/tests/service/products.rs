//! Products in the vendor console and catalog visibility: new products take the account's
//! default, a hidden product's releases are neither listed nor served to customers (its
//! licenses stay listed), staff see everything, and only vendor admins change products.

use bytes::Bytes;
use futures_util::stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::{
    Db, ServiceError,
    crypto::MasterKey,
    entities::audit_event,
    licenses::{self, LicenseFilter},
    permissions::{CustomerRole, StaffRole},
    portal::{self, CatalogInput},
    principal::{Principal, Scope},
    products,
    releases::{
        catalog::{self, Refusal},
        publish::{self, NewRelease},
        storage::ReleaseStore,
    },
    testing::{self, customer, org_license, organization, passwords, staff},
};
use uuid::Uuid;

struct Setup {
    db: Db,
    account: Uuid,
    admin: Principal,
    support: Principal,
    owner: Principal,
    key: MasterKey,
}

async fn setup() -> Setup {
    let db = testing::test_db().await;
    let pw = passwords();
    let account = testing::account(&db, "catalog").await.id;
    let org = organization(&db, account, "Acme").await;
    let admin = staff(&db, &pw, account, "admin@vendor.test", StaffRole::Admin).await;
    let support = staff(&db, &pw, account, "support@vendor.test", StaffRole::Support).await;
    let owner = customer(
        &db,
        &pw,
        account,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(org),
    )
    .await;
    Setup {
        db,
        account,
        admin,
        support,
        owner,
        key: MasterKey::generate(),
    }
}

/// Publishes version 1.0.0 of `product` with one file; returns the file id.
async fn publish_one(db: &Db, store: &ReleaseStore, account: Uuid, product: &str) -> Uuid {
    let new = NewRelease {
        product: product.into(),
        version: "1.0.0".into(),
        channel: "stable".into(),
        platform: "linux".into(),
        arch: "x86_64".into(),
        notes: String::new(),
    };
    let r = publish::create_draft(db, account, new).await.unwrap();
    let body = stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from_static(b"bytes"))]);
    let f = publish::add_file(db, store, account, r.id, "app.tar.gz", body, 1 << 20)
        .await
        .unwrap();
    publish::publish(db, account, r.id).await.unwrap();
    f.id
}

fn visible_of(rows: &[products::ProductRow], name: &str) -> bool {
    rows.iter().find(|p| p.name == name).expect(name).visible
}

#[tokio::test]
async fn new_products_take_the_account_default_unless_the_form_says_otherwise() {
    let s = setup().await;
    products::create(&s.db, &s.key, &s.admin, "Shown", None, None)
        .await
        .unwrap();
    let input = CatalogInput {
        products_visible_by_default: false,
    };
    portal::update_catalog(&s.db, &s.admin, input, None)
        .await
        .unwrap();
    products::create(&s.db, &s.key, &s.admin, "Hidden", None, None)
        .await
        .unwrap();
    products::create(&s.db, &s.key, &s.admin, "Chosen", Some(true), None)
        .await
        .unwrap();
    // The CLI's create takes the default too.
    service::accounts::create_product(&s.db, &s.key, s.account, "From CLI")
        .await
        .unwrap();
    let rows = products::list(&s.db, &s.support).await.unwrap();
    assert!(visible_of(&rows, "Shown"));
    assert!(!visible_of(&rows, "Hidden"));
    assert!(visible_of(&rows, "Chosen"));
    assert!(!visible_of(&rows, "From CLI"));
    assert!(
        rows.iter()
            .all(|p| p.kid.len() == 16 && !p.public_key.is_empty())
    );
}

#[tokio::test]
async fn a_hidden_products_releases_are_not_listed_or_served_to_customers() {
    let s = setup().await;
    let store = ReleaseStore::in_memory();
    let id = products::create(&s.db, &s.key, &s.admin, "Widget", Some(true), None)
        .await
        .unwrap();
    let org = s.owner.organization_id().unwrap();
    let lic = org_license(&s.db, s.account, id, org, &[]).await;
    let file = publish_one(&s.db, &store, s.account, "Widget").await;
    let customer = Scope::of(&s.owner);
    let vendor = Scope::of(&s.support);
    assert_eq!(
        catalog::for_customer(&s.db, &customer, None)
            .await
            .unwrap()
            .len(),
        1
    );

    products::set_visible(&s.db, &s.admin, id, false, None)
        .await
        .unwrap();
    assert!(
        catalog::for_customer(&s.db, &customer, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        catalog::for_customer(&s.db, &customer, Some(lic))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        catalog::authorize(&s.db, &customer, lic, file).await,
        Err(Refusal::NotFound)
    ));
    // The license itself stays: it is the customer's entitlement.
    let page = licenses::list(&s.db, &customer, LicenseFilter::default())
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    // Staff see everything.
    assert_eq!(catalog::for_vendor(&s.db, &vendor).await.unwrap().len(), 1);
    assert!(catalog::authorize(&s.db, &vendor, lic, file).await.is_ok());

    products::set_visible(&s.db, &s.admin, id, true, None)
        .await
        .unwrap();
    assert!(
        catalog::authorize(&s.db, &customer, lic, file)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn only_vendor_admins_change_products_with_clear_errors_and_audit() {
    let s = setup().await;
    let id = products::create(&s.db, &s.key, &s.admin, "  Widget  ", None, None)
        .await
        .unwrap();
    let rows = products::list(&s.db, &s.admin).await.unwrap();
    assert_eq!(rows[0].name, "Widget");

    for who in [&s.support, &s.owner] {
        assert!(matches!(
            products::create(&s.db, &s.key, who, "Other", None, None).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            products::rename(&s.db, who, id, "Other", None).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            products::set_visible(&s.db, who, id, false, None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        products::list(&s.db, &s.owner).await,
        Err(ServiceError::Forbidden)
    ));

    for bad in ["", "   ", &"x".repeat(201)] {
        let res = products::rename(&s.db, &s.admin, id, bad, None).await;
        assert!(
            matches!(res, Err(ServiceError::Invalid(ref e)) if e[0].field == "name"),
            "{res:?}"
        );
    }
    products::create(&s.db, &s.key, &s.admin, "Gadget", None, None)
        .await
        .unwrap();
    let dup = products::rename(&s.db, &s.admin, id, "gadget", None).await;
    assert!(
        matches!(dup, Err(ServiceError::Invalid(ref e)) if e[0].message.contains("already")),
        "{dup:?}"
    );
    let dup = products::create(&s.db, &s.key, &s.admin, "GADGET", None, None).await;
    assert!(matches!(dup, Err(ServiceError::Invalid(_))), "{dup:?}");
    // Another vendor's product id is unknown here.
    let other = testing::account(&s.db, "other").await.id;
    let theirs = testing::product(&s.db, other, "Theirs").await;
    assert!(matches!(
        products::rename(&s.db, &s.admin, theirs, "Mine", None).await,
        Err(ServiceError::NotFound)
    ));
    let names: Vec<String> = products::list(&s.db, &s.admin)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Gadget", "Widget"]);

    products::rename(&s.db, &s.admin, id, "Widget Pro", None)
        .await
        .unwrap();
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("product.rename"))
        .all(&s.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor_email, "admin@vendor.test");
    assert!(events[0].details.contains(r#""before":{"name":"Widget"}"#));
    assert!(
        events[0]
            .details
            .contains(r#""after":{"name":"Widget Pro"}"#)
    );
}

#[tokio::test]
async fn offline_help_is_the_vendors_words_for_customers_who_work_offline() {
    let s = setup().await;
    let studio = products::create(&s.db, &s.key, &s.admin, "Studio", Some(true), None)
        .await
        .unwrap();
    let hidden = products::create(&s.db, &s.key, &s.admin, "Secret", Some(false), None)
        .await
        .unwrap();
    products::create(&s.db, &s.key, &s.admin, "Plain", Some(true), None)
        .await
        .unwrap();
    let words = "  In Studio, choose Help > Offline activation <now>.\nSave the file.  ";
    for id in [studio, hidden] {
        products::set_offline_help(&s.db, &s.admin, id, words, None)
            .await
            .unwrap();
    }
    // Customers read the visible products' help, trimmed, as typed; none for the product
    // without help, none for the hidden one.
    let help = products::offline_help(&s.db, &s.owner).await.unwrap();
    assert_eq!(
        help,
        [(
            "Studio".to_owned(),
            "In Studio, choose Help > Offline activation <now>.\nSave the file.".to_owned()
        )]
    );
    // Only vendor admins change it, within its length, and blank clears it.
    assert!(matches!(
        products::set_offline_help(&s.db, &s.support, studio, "x", None).await,
        Err(ServiceError::Forbidden)
    ));
    let long = "x".repeat(products::MAX_OFFLINE_HELP + 1);
    assert!(matches!(
        products::set_offline_help(&s.db, &s.admin, studio, &long, None).await,
        Err(ServiceError::Invalid(e)) if e[0].field == "offline_help"
    ));
    products::set_offline_help(&s.db, &s.admin, studio, "  ", None)
        .await
        .unwrap();
    assert!(
        products::offline_help(&s.db, &s.owner)
            .await
            .unwrap()
            .is_empty()
    );
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("product.offline_help"))
        .all(&s.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 3, "two set, one cleared");
}
