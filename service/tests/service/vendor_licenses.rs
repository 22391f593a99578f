//! Vendor staff issue licenses and change their status; customers see the change at once.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::{
    ServiceError,
    entities::audit_event,
    licenses::{
        self, LicenseStatus, NewLicense,
        vendor::{self, StatusChange},
    },
    permissions::{CustomerRole, StaffRole},
    principal::Scope,
    testing::{self, customer, organization, passwords, product, staff, terms},
};

#[tokio::test]
async fn admins_issue_and_change_licenses_and_customers_see_it_next_time() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "vendor-a").await.id;
    let studio = product(&db, a, "Studio").await;
    let acme = organization(&db, a, "Acme").await;
    let admin = staff(&db, &pw, a, "admin@a.test", StaffRole::Admin).await;
    let support = staff(&db, &pw, a, "support@a.test", StaffRole::Support).await;
    let owner = customer(
        &db,
        &pw,
        a,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(acme),
    )
    .await;

    let choices = vendor::choices(&db, &support).await.unwrap();
    assert_eq!(choices.products.len(), 1);
    assert!(!choices.products[0].public_key.is_empty());
    assert_eq!(choices.organizations, vec![(acme, "Acme".to_owned())]);
    // The owner is named by email: a customer of the account in any case; staff, another
    // vendor's customers and unknown emails are refused with a sentence.
    assert_eq!(
        vendor::customer_by_email(&db, &support, "owner", " Owner@Acme.TEST ")
            .await
            .unwrap(),
        owner.user_id()
    );
    let other = testing::account(&db, "vendor-b").await.id;
    customer(&db, &pw, other, "b@other.test", CustomerRole::Owner, None).await;
    for refused in ["admin@a.test", "b@other.test", "nobody@acme.test"] {
        assert!(
            matches!(
                vendor::customer_by_email(&db, &support, "owner", refused).await,
                Err(ServiceError::Invalid(ref e)) if e[0].field == "owner"
                    && e[0].message == "No customer of yours has this email address."
            ),
            "{refused}"
        );
    }

    let new = NewLicense {
        organization_id: Some(acme),
        ..terms(studio)
    };
    for refused in [&support, &owner] {
        assert!(matches!(
            vendor::issue(&db, refused, new.clone(), None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    let (id, key) = vendor::issue(&db, &admin, new, Some("203.0.113.9"))
        .await
        .unwrap();
    let seen = licenses::detail(&db, &Scope::of(&owner), id).await.unwrap();
    assert_eq!(seen.row.key, key.as_str());
    assert_eq!(seen.row.status, LicenseStatus::Active);

    let status = vendor::change_status(&db, &admin, id, StatusChange::Suspend, None).await;
    assert_eq!(status.unwrap(), LicenseStatus::Suspended);
    let seen = licenses::detail(&db, &Scope::of(&owner), id).await.unwrap();
    assert_eq!(seen.row.status, LicenseStatus::Suspended);
    assert!(matches!(
        vendor::change_status(&db, &admin, id, StatusChange::Suspend, None).await,
        Err(ServiceError::Conflict(_))
    ));
    vendor::change_status(&db, &admin, id, StatusChange::Reinstate, None)
        .await
        .unwrap();
    vendor::change_status(&db, &admin, id, StatusChange::Revoke, None)
        .await
        .unwrap();
    for again in [StatusChange::Reinstate, StatusChange::Suspend] {
        assert!(matches!(
            vendor::change_status(&db, &admin, id, again, None).await,
            Err(ServiceError::Conflict(_))
        ));
    }
    let seen = licenses::detail(&db, &Scope::of(&owner), id).await.unwrap();
    assert_eq!(seen.row.status, LicenseStatus::Revoked);

    let actions: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::TargetId.eq(id.to_string()))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            assert!(
                !e.details.contains(key.as_str()),
                "the full key was audited"
            );
            e.action
        })
        .collect();
    assert_eq!(
        actions,
        [
            "license.create",
            "license.suspend",
            "license.reinstate",
            "license.revoke"
        ]
    );
}

#[tokio::test]
async fn another_vendors_licenses_and_bad_owners_are_refused() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "vendor-a").await.id;
    let b = testing::account(&db, "vendor-b").await.id;
    let studio_a = product(&db, a, "Studio").await;
    let studio_b = product(&db, b, "Studio B").await;
    let globex_b = organization(&db, b, "Globex").await;
    let admin_a = staff(&db, &pw, a, "admin@a.test", StaffRole::Admin).await;
    let admin_b = staff(&db, &pw, b, "admin@b.test", StaffRole::Admin).await;
    let (license_b, _) = vendor::issue(
        &db,
        &admin_b,
        NewLicense {
            organization_id: Some(globex_b),
            ..terms(studio_b)
        },
        None,
    )
    .await
    .unwrap();

    assert!(matches!(
        vendor::change_status(&db, &admin_a, license_b, StatusChange::Revoke, None).await,
        Err(ServiceError::NotFound)
    ));
    // Another vendor's product or organization, and no owner at all: field errors.
    for new in [
        NewLicense {
            organization_id: Some(globex_b),
            ..terms(studio_a)
        },
        NewLicense {
            organization_id: Some(globex_b),
            ..terms(studio_b)
        },
        terms(studio_a),
    ] {
        assert!(matches!(
            vendor::issue(&db, &admin_a, new, None).await,
            Err(ServiceError::Invalid(_))
        ));
    }
    let seen = licenses::detail(&db, &Scope::of(&admin_b), license_b)
        .await
        .unwrap();
    assert_eq!(
        seen.row.status,
        LicenseStatus::Active,
        "vendor B's license changed"
    );
}
