//! The portal's two-step upload: a file is checked and held, its uploader reviews it and
//! confirms; the account's maximum request age decides what is too old.

use crate::offline::{World, client, counts, deactivation, request, world};
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use service::{
    Principal, ServiceError,
    entities::offline_upload,
    offline::{self, UploadKind},
    permissions::{CustomerRole, StaffRole},
    portal,
    testing::{self, passwords},
};

fn refusal<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> String {
    match result {
        Err(ServiceError::Invalid(errors)) => errors[0].message.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn held(w: &World) -> u64 {
    offline_upload::Entity::find().count(&w.db).await.unwrap()
}

async fn colleague(w: &World) -> Principal {
    let org = w.owner.organization_id();
    testing::customer(
        &w.db,
        &passwords(),
        w.account_id,
        "second-owner@acme.test",
        CustomerRole::Owner,
        org,
    )
    .await
}

#[tokio::test]
async fn an_upload_is_held_unchanged_until_its_uploader_confirms_it() {
    let w = world(None).await;
    let (_, file) = request(&w, &client(3), "air-02");

    let staged = offline::stage(&w.db, &w.owner, UploadKind::Activation, file.as_bytes())
        .await
        .unwrap();
    assert_eq!(staged.preview.hostname, "air-02");
    assert_eq!(staged.preview.license_id, w.license_id);
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (0, 0),
        "nothing is activated yet"
    );

    // Only the uploader sees or confirms it; for anyone else it does not exist.
    let other = colleague(&w).await;
    for result in [
        offline::review(&w.db, &other, UploadKind::Activation, staged.id)
            .await
            .map(|_| ()),
        offline::confirm(
            &w.db,
            &w.master,
            &other,
            UploadKind::Activation,
            staged.id,
            None,
        )
        .await
        .map(|_| ()),
    ] {
        assert!(matches!(result, Err(ServiceError::NotFound)), "{result:?}");
    }
    // Nor is it a deactivation.
    assert!(matches!(
        offline::review(&w.db, &w.owner, UploadKind::Deactivation, staged.id).await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(counts(&w.db, w.license_id).await, (0, 0));

    let review = offline::review(&w.db, &w.owner, UploadKind::Activation, staged.id)
        .await
        .unwrap();
    assert_eq!(review.preview, staged.preview);
    let response = offline::confirm(
        &w.db,
        &w.master,
        &w.owner,
        UploadKind::Activation,
        staged.id,
        None,
    )
    .await
    .unwrap();
    assert!(
        response
            .contents
            .starts_with("-----BEGIN KEYPORT ACTIVATION RESPONSE-----")
    );
    assert_eq!(counts(&w.db, w.license_id).await, (1, 0));
    // A confirmed upload cannot be reviewed or confirmed again...
    assert!(matches!(
        offline::review(&w.db, &w.owner, UploadKind::Activation, staged.id).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        offline::confirm(
            &w.db,
            &w.master,
            &w.owner,
            UploadKind::Activation,
            staged.id,
            None
        )
        .await,
        Err(ServiceError::NotFound)
    ));
    // ...but keeps what it did and its file, for its uploader only, while it is held.
    let answer = offline::answer(&w.db, &w.owner, UploadKind::Activation, staged.id)
        .await
        .unwrap();
    assert_eq!(answer.contents, response.contents);
    assert_eq!(answer.filename, response.filename);
    assert_eq!(answer.done.hostname, "air-02");
    assert_eq!(answer.done.license_id, w.license_id);
    for (who, kind) in [
        (&other, UploadKind::Activation),
        (&w.owner, UploadKind::Deactivation),
    ] {
        let result = offline::answer(&w.db, who, kind, staged.id).await;
        assert!(matches!(result, Err(ServiceError::NotFound)), "{result:?}");
    }
    assert_eq!(held(&w).await, 1);

    // The machine's deactivation goes the same way and frees the seat.
    let proof = deactivation(response.activation_id, "air-02", &client(3));
    let staged = offline::stage(&w.db, &w.owner, UploadKind::Deactivation, proof.as_bytes())
        .await
        .unwrap();
    assert_eq!(staged.preview.hostname, "air-02");
    assert_eq!(
        counts(&w.db, w.license_id).await,
        (1, 0),
        "not freed before confirming"
    );
    offline::confirm(
        &w.db,
        &w.master,
        &w.owner,
        UploadKind::Deactivation,
        staged.id,
        None,
    )
    .await
    .unwrap();
    assert_eq!(counts(&w.db, w.license_id).await, (0, 1));
    // What the deactivation did was read before the seat was freed.
    let receipt = offline::answer(&w.db, &w.owner, UploadKind::Deactivation, staged.id)
        .await
        .unwrap();
    assert_eq!(receipt.done.hostname, "air-02");
    assert!(
        receipt
            .contents
            .starts_with("-----BEGIN KEYPORT DEACTIVATION RECEIPT-----")
    );
}

#[tokio::test]
async fn a_refused_file_is_not_held_and_a_user_without_the_permission_cannot_upload() {
    let w = world(None).await;
    let (_, file) = request(&w, &client(4), "air-03");
    let mut flipped = file.clone().into_bytes();
    flipped[120] ^= 0x01;
    let message = refusal(offline::stage(&w.db, &w.owner, UploadKind::Activation, &flipped).await);
    assert!(!message.is_empty());
    assert_eq!(held(&w).await, 0);

    let viewer = testing::customer(
        &w.db,
        &passwords(),
        w.account_id,
        "viewer@acme.test",
        CustomerRole::Viewer,
        w.owner.organization_id(),
    )
    .await;
    assert!(matches!(
        offline::stage(&w.db, &viewer, UploadKind::Activation, file.as_bytes()).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(held(&w).await, 0);
}

#[tokio::test]
async fn an_upload_waits_only_for_the_hold() {
    let w = world(None).await;
    let (_, file) = request(&w, &client(5), "air-04");
    let staged = offline::stage(&w.db, &w.owner, UploadKind::Activation, file.as_bytes())
        .await
        .unwrap();
    offline_upload::Entity::update(offline_upload::ActiveModel {
        id: Set(staged.id),
        created_at: Set(Utc::now() - offline::HOLD - Duration::minutes(1)),
        ..Default::default()
    })
    .exec(&w.db)
    .await
    .unwrap();
    assert!(matches!(
        offline::confirm(
            &w.db,
            &w.master,
            &w.owner,
            UploadKind::Activation,
            staged.id,
            None
        )
        .await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(counts(&w.db, w.license_id).await, (0, 0));
}

#[tokio::test]
async fn the_accounts_maximum_age_decides_which_requests_are_too_old() {
    let w = world(None).await;
    let key = client(6);
    let (mut req, _) = request(&w, &key, "air-05");
    req.created_at = Utc::now() - Duration::days(3);
    let three_days_old = sdk::seal(&req, &key);

    // Within the default 7 days.
    offline::stage(
        &w.db,
        &w.owner,
        UploadKind::Activation,
        three_days_old.as_bytes(),
    )
    .await
    .unwrap();

    let admin = testing::staff(
        &w.db,
        &passwords(),
        w.account_id,
        "admin@vendor.test",
        StaffRole::Admin,
    )
    .await;
    // Out of range: refused, nothing changes.
    for days in [0, 366] {
        let message = refusal(portal::update_offline_max_age(&w.db, &admin, days, None).await);
        assert!(message.contains("from 1 to 365"), "{message}");
    }
    assert!(matches!(
        portal::update_offline_max_age(&w.db, &w.owner, 2, None).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(
        portal::settings(&w.db, w.account_id)
            .await
            .unwrap()
            .offline_max_age_days,
        7
    );

    portal::update_offline_max_age(&w.db, &admin, 2, None)
        .await
        .unwrap();
    let message = refusal(
        offline::stage(
            &w.db,
            &w.owner,
            UploadKind::Activation,
            three_days_old.as_bytes(),
        )
        .await,
    );
    assert!(
        message.contains("3 days ago") && message.contains("accepted for 2 days"),
        "{message}"
    );
    // And the direct path applies the same rule.
    let rules = offline::rules_for(&w.db, w.account_id).await.unwrap();
    assert_eq!(rules.max_age, Duration::days(2));
}
