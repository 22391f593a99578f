//! Notification preferences (vendor default, a customer's own override) and delivery: a
//! suspended license reaches its people in the portal and/or by email as they chose.

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::{
    ServiceError,
    activations::{self, ActivationInput, ActivationMode},
    entities::outbox_message as outbox,
    licenses::{
        NewLicense,
        vendor::{self, StatusChange},
    },
    notifications::{Channels, Event, expiry, inbox, preferences},
    permissions::{CustomerRole, StaffRole},
    testing::{self, customer, fingerprint, passwords, staff},
};

const SUSPENDED: &str = "license_expired_or_suspended";

async fn emails_to(db: &service::Db, to: &str) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::ToEmail.eq(to))
        .count(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_customer_gets_the_vendor_default_unless_they_chose_otherwise() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "prefs").await.id;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let support = staff(&db, &pw, a, "support@vendor.test", StaffRole::Support).await;
    let org = testing::organization(&db, a, "Prefs Co").await;
    let owner = customer(&db, &pw, a, "o@prefs.test", CustomerRole::Owner, Some(org)).await;

    // Keyport's defaults until the vendor changes them.
    let d = preferences::view_defaults(&db, &support).await.unwrap();
    assert_eq!(d[&Event::LicenseExpiredOrSuspended], Channels::BOTH);
    assert_eq!(
        d.len(),
        Event::ALL.len(),
        "coming-soon events are stored too"
    );

    // The vendor: suspensions by email only, offers (coming soon) in the portal.
    let checked = vec![
        format!("{SUSPENDED}:email"),
        "offer_sent:in_portal".to_owned(),
    ];
    let d = preferences::save_defaults(&db, &admin, &checked, None)
        .await
        .unwrap();
    assert_eq!(
        d[&Event::LicenseExpiredOrSuspended],
        Channels {
            email: true,
            in_portal: false
        }
    );
    assert_eq!(d[&Event::OfferSent], Channels::PORTAL);
    assert_eq!(
        d[&Event::NewEligibleRelease],
        Channels::default(),
        "unchecked = off"
    );

    let mine = preferences::mine(&db, &owner).await.unwrap();
    assert!(
        mine.iter().all(|p| p.event.available()),
        "only delivered events"
    );
    let row = mine
        .iter()
        .find(|p| p.event == Event::LicenseExpiredOrSuspended)
        .unwrap();
    assert_eq!(row.own, None);
    assert_eq!(
        row.effective(),
        Channels {
            email: true,
            in_portal: false
        }
    );

    // The customer wants it in the portal instead; the other events keep following the default.
    let mine = preferences::save_mine(&db, &owner, &[format!("{SUSPENDED}:in_portal")])
        .await
        .unwrap();
    let row = mine
        .iter()
        .find(|p| p.event == Event::LicenseExpiredOrSuspended)
        .unwrap();
    assert_eq!(row.own, Some(Channels::PORTAL));
    assert!(
        mine.iter()
            .filter(|p| p.event != Event::LicenseExpiredOrSuspended)
            .all(|p| p.own.is_none()),
        "choices equal to the default are not stored as overrides"
    );
    // A later change of the default does not override the customer's own choice.
    preferences::save_defaults(&db, &admin, &[], None)
        .await
        .unwrap();
    let mine = preferences::mine(&db, &owner).await.unwrap();
    let row = mine
        .iter()
        .find(|p| p.event == Event::LicenseExpiredOrSuspended)
        .unwrap();
    assert_eq!(row.effective(), Channels::PORTAL);
    let mine = preferences::reset_mine(&db, &owner).await.unwrap();
    let row = mine
        .iter()
        .find(|p| p.event == Event::LicenseExpiredOrSuspended)
        .unwrap();
    assert_eq!((row.own, row.effective()), (None, Channels::default()));

    // Who may do what, and bad input: refused, nothing changed.
    let before = preferences::view_defaults(&db, &admin).await.unwrap();
    for who in [&support, &owner] {
        assert!(matches!(
            preferences::save_defaults(&db, who, &[], None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        preferences::view_defaults(&db, &owner).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        preferences::mine(&db, &admin).await,
        Err(ServiceError::Forbidden)
    ));
    for bad in ["license.nope:email", "offer_sent:sms", "offer_sent"] {
        let err = preferences::save_defaults(&db, &admin, &[bad.to_owned()], None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServiceError::Invalid(ref e) if e[0].message.contains(bad)),
            "{bad}"
        );
    }
    // A coming-soon event is not the customer's to set.
    assert!(
        preferences::save_mine(&db, &owner, &["offer_sent:email".to_owned()])
            .await
            .is_err()
    );
    assert_eq!(
        preferences::view_defaults(&db, &admin).await.unwrap(),
        before
    );
}

#[tokio::test]
async fn suspending_a_license_notifies_its_people_as_they_chose() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "deliver").await.id;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let org = testing::organization(&db, a, "Deliver Co").await;
    let owner = customer(&db, &pw, a, "owner@d.test", CustomerRole::Owner, Some(org)).await;
    let member = customer(
        &db,
        &pw,
        a,
        "member@d.test",
        CustomerRole::Member,
        Some(org),
    )
    .await;
    let outsider = customer(
        &db,
        &pw,
        a,
        "outsider@d.test",
        CustomerRole::Member,
        Some(org),
    )
    .await;
    let group = testing::group(&db, a, org, "Engineering", &[&member]).await;
    let p = testing::product(&db, a, "Deliver App").await;
    let lic = testing::org_license(&db, a, p, org, &[group]).await;

    // The member only wants email for this event; the owner keeps the default (both).
    preferences::save_mine(&db, &member, &[format!("{SUSPENDED}:email")])
        .await
        .unwrap();
    vendor::change_status(&db, &admin, lic, StatusChange::Suspend, None)
        .await
        .unwrap();

    let (items, _) = inbox::list(&db, &owner, None).await.unwrap();
    assert_eq!(items.len(), 1);
    assert!(
        items[0].title.contains("License suspended: Deliver App"),
        "{}",
        items[0].title
    );
    assert_eq!(
        items[0].link.as_deref(),
        Some(format!("/licenses/{lic}").as_str())
    );
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 1);
    assert_eq!(emails_to(&db, "owner@d.test").await, 1);
    assert_eq!(inbox::unread_count(&db, &member).await.unwrap(), 0);
    assert_eq!(emails_to(&db, "member@d.test").await, 1);
    // Someone who cannot see the license hears nothing.
    assert_eq!(inbox::unread_count(&db, &outsider).await.unwrap(), 0);
    assert_eq!(emails_to(&db, "outsider@d.test").await, 0);

    // Reinstating is not news; revoking is.
    vendor::change_status(&db, &admin, lic, StatusChange::Reinstate, None)
        .await
        .unwrap();
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 1);
    vendor::change_status(&db, &admin, lic, StatusChange::Revoke, None)
        .await
        .unwrap();
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 2);

    // Marking read: one, then all; nobody marks another user's.
    let (items, _) = inbox::list(&db, &owner, None).await.unwrap();
    assert!(matches!(
        inbox::mark_read(&db, &member, items[0].id).await,
        Err(ServiceError::NotFound)
    ));
    inbox::mark_read(&db, &owner, items[0].id).await.unwrap();
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 1);
    // Twice is once: the badge counts notifications, not clicks.
    inbox::mark_read(&db, &owner, items[0].id).await.unwrap();
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 1);
    assert_eq!(inbox::recount_unread(&db, false).await.unwrap(), vec![]);
    assert_eq!(inbox::mark_all_read(&db, &owner).await.unwrap(), 1);
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 0);
    assert_eq!(inbox::recount_unread(&db, false).await.unwrap(), vec![]);
}

/// The header's badge is a counter kept beside each change; it must equal a recount after
/// every kind of change, also when two tabs mark the same notifications at once, and the
/// check finds (and fixes) a counter that drifted.
#[tokio::test]
async fn the_unread_badge_equals_a_recount() {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    use service::entities::user;
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "badge").await.id;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let org = testing::organization(&db, a, "Badge Co").await;
    let owner = customer(&db, &pw, a, "owner@b.test", CustomerRole::Owner, Some(org)).await;
    let p = testing::product(&db, a, "Badge App").await;
    for _ in 0..3 {
        let lic = testing::org_license(&db, a, p, org, &[]).await;
        vendor::change_status(&db, &admin, lic, StatusChange::Revoke, None)
            .await
            .unwrap();
    }
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 3);
    assert_eq!(inbox::recount_unread(&db, false).await.unwrap(), vec![]);

    let (items, _) = inbox::list(&db, &owner, None).await.unwrap();
    let first = items[0].id;
    let (x, y, z) = tokio::join!(
        inbox::mark_read(&db, &owner, first),
        inbox::mark_read(&db, &owner, first),
        inbox::mark_all_read(&db, &owner),
    );
    x.unwrap();
    y.unwrap();
    z.unwrap();
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 0);
    assert_eq!(inbox::recount_unread(&db, false).await.unwrap(), vec![]);

    // A counter changed behind the service's back is reported, then repaired.
    user::Entity::update(user::ActiveModel {
        id: Set(owner.user_id()),
        unread_notifications: Set(7),
        ..Default::default()
    })
    .exec(&db)
    .await
    .unwrap();
    let found = inbox::recount_unread(&db, true).await.unwrap();
    assert_eq!(
        found,
        vec![inbox::UnreadMismatch {
            user_id: owner.user_id(),
            counter: 7,
            recount: 0
        }]
    );
    assert_eq!(inbox::recount_unread(&db, false).await.unwrap(), vec![]);
    assert_eq!(inbox::unread_count(&db, &owner).await.unwrap(), 0);
}

#[tokio::test]
async fn the_last_seat_and_the_expiry_check_notify_once() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "seats").await.id;
    let solo = customer(&db, &pw, a, "solo@s.test", CustomerRole::Owner, None).await;
    let p = testing::product(&db, a, "Seat App").await;
    let lic = testing::license(
        &db,
        a,
        NewLicense {
            owner_user_id: Some(solo.user_id()),
            allowed_activations: Some(2),
            expires_at: Some(Utc::now() + Duration::days(10)),
            ..testing::terms(p)
        },
    )
    .await;
    let machine = |n: u8| ActivationInput {
        fingerprint: fingerprint(&format!("seat-{n}")),
        hostname: format!("host-{n}"),
        os: "Linux".into(),
        app_version: None,
        mode: ActivationMode::Online,
        client_pub: None,
    };
    activations::activate(&db, a, lic, machine(1), "api")
        .await
        .unwrap();
    assert_eq!(inbox::unread_count(&db, &solo).await.unwrap(), 0);
    activations::activate(&db, a, lic, machine(2), "api")
        .await
        .unwrap();
    let (items, _) = inbox::list(&db, &solo, None).await.unwrap();
    assert_eq!(items.len(), 1);
    assert!(items[0].title.starts_with("Activation limit reached"));
    assert!(
        activations::activate(&db, a, lic, machine(3), "api")
            .await
            .is_err()
    );
    assert_eq!(
        inbox::unread_count(&db, &solo).await.unwrap(),
        1,
        "a refusal is not news again"
    );

    // Expiring in 10 days: one notice, however often the check runs.
    let now = Utc::now();
    assert_eq!(expiry::check(&db, now).await.unwrap(), 1);
    assert_eq!(expiry::check(&db, now).await.unwrap(), 0);
    let (items, _) = inbox::list(&db, &solo, None).await.unwrap();
    assert!(
        items[0].title.starts_with("License expiring soon"),
        "{}",
        items[0].title
    );
    assert!(items[0].body.contains("in 10 days") || items[0].body.contains("in 11 days"));
    // Once it has expired: one "expired" notice.
    let later = now + Duration::days(11);
    assert_eq!(expiry::check(&db, later).await.unwrap(), 1);
    assert_eq!(expiry::check(&db, later).await.unwrap(), 0);
    let (items, _) = inbox::list(&db, &solo, None).await.unwrap();
    assert!(
        items[0].title.starts_with("License expired"),
        "{}",
        items[0].title
    );
    assert_eq!(
        emails_to(&db, "solo@s.test").await,
        3,
        "limit, expiring, expired"
    );
}
