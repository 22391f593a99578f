//! Branding: draft vs published, validation with the measured contrast ratio, who may edit.

use service::{
    ServiceError,
    branding::{self, BrandingInput},
    permissions::{CustomerRole, StaffRole},
    testing::{self, customer, passwords, staff},
};

fn input(primary: &str) -> BrandingInput {
    BrandingInput {
        portal_name: "Northwind Portal".into(),
        primary: primary.into(),
        accent: "#0F766E".into(),
        support_email: "help@northwind.test".into(),
        support_url: "https://help.northwind.test".into(),
        login_text: "Welcome back.".into(),
    }
}

#[tokio::test]
async fn drafts_are_private_until_published_and_discard_restores() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "brand").await.id;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let support = staff(&db, &pw, a, "support@vendor.test", StaffRole::Support).await;
    let owner = customer(&db, &pw, a, "o@c.test", CustomerRole::Owner, None).await;

    let v = branding::save_draft(&db, &admin, input("#7c3aed"), None)
        .await
        .unwrap();
    assert_eq!(v.draft.primary.as_deref(), Some("#7c3aed"));
    assert_eq!(v.draft.accent.as_deref(), Some("#0f766e"), "normalised");
    assert!(v.unpublished_changes);
    assert_eq!(
        branding::published(&db, a).await.unwrap(),
        Default::default()
    );

    branding::publish(&db, &admin, None).await.unwrap();
    assert_eq!(
        branding::published(&db, a)
            .await
            .unwrap()
            .primary
            .as_deref(),
        Some("#7c3aed")
    );
    branding::save_draft(&db, &admin, input("#1d4ed8"), None)
        .await
        .unwrap();
    let v = branding::discard(&db, &admin, None).await.unwrap();
    assert_eq!(v.draft.primary.as_deref(), Some("#7c3aed"));
    assert!(!v.unpublished_changes);

    assert!(branding::view(&db, &support).await.is_ok());
    for who in [&support, &owner] {
        assert!(matches!(
            branding::save_draft(&db, who, input("#1d4ed8"), None).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            branding::publish(&db, who, None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        branding::view(&db, &owner).await,
        Err(ServiceError::Forbidden)
    ));
}

#[tokio::test]
async fn bad_input_is_refused_with_specific_errors_and_nothing_changes() {
    let db = testing::test_db().await;
    let a = testing::account(&db, "brand2").await.id;
    let admin = staff(&db, &passwords(), a, "admin@vendor.test", StaffRole::Admin).await;
    let before = branding::view(&db, &admin).await.unwrap();

    let err = branding::save_draft(&db, &admin, input("#ffff00"), None)
        .await
        .unwrap_err();
    let ServiceError::Invalid(errors) = err else {
        panic!("not Invalid")
    };
    assert_eq!(errors[0].field, "primary");
    assert!(
        errors[0].message.contains("1.03:1"),
        "{}",
        errors[0].message
    );

    for bad in ["red", "#12345", "#1d4ed8; background: url(x)", "#gggggg"] {
        let err = branding::save_draft(&db, &admin, input(bad), None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServiceError::Invalid(ref e) if e[0].field == "primary"),
            "{bad}"
        );
    }
    let mut i = input("#1d4ed8");
    i.support_url = "javascript:alert(1)".into();
    i.support_email = "not an email".into();
    let ServiceError::Invalid(errors) = branding::save_draft(&db, &admin, i, None)
        .await
        .unwrap_err()
    else {
        panic!("not Invalid")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["support_email", "support_url"]);
    assert_eq!(branding::view(&db, &admin).await.unwrap(), before);
}

#[test]
fn contrast_ratios_match_wcag() {
    assert!((branding::contrast_ratio("#000000", "#ffffff") - 21.0).abs() < 0.01);
    assert!((branding::contrast_ratio("#ffffff", "#ffffff") - 1.0).abs() < 0.01);
    // Keyport's own primary passes.
    assert!(branding::contrast_ratio("#1d4ed8", "#f8fafc") >= branding::AA_TEXT);
    assert_eq!(branding::hex_colour("#ABC").as_deref(), Some("#aabbcc"));
    assert_eq!(branding::hex_colour("abc"), None);
}
