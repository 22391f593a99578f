//! The branding logo: checked by content (PNG, JPEG, WebP; SVG and HTML refused whatever
//! their name), capped at 512 KiB, part of the draft until published, served by hash.

use service::{
    ServiceError,
    branding::{self, image::LOGO_MAX_BYTES, logo},
    permissions::{CustomerRole, StaffRole},
    testing::{self, customer, passwords, png, staff},
};

fn message(err: ServiceError) -> String {
    match err {
        ServiceError::Invalid(e) => {
            assert_eq!(e[0].field, "logo");
            e[0].message.clone()
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn only_real_png_jpeg_or_webp_under_the_limit_is_accepted_and_nothing_changes_on_refusal() {
    let db = testing::test_db().await;
    let a = testing::account(&db, "logo1").await.id;
    let admin = staff(&db, &passwords(), a, "admin@vendor.test", StaffRole::Admin).await;
    let before = branding::view(&db, &admin).await.unwrap();

    let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let html = b"\n  <!doctype html><html><body>hi</body></html>";
    for markup in [&svg[..], &html[..]] {
        let err = logo::upload(&db, &admin, markup.to_vec(), None)
            .await
            .unwrap_err();
        assert!(message(err).contains("SVG or HTML"));
    }
    let err = logo::upload(&db, &admin, b"GIF89a\x01\x00\x01\x00".to_vec(), None)
        .await
        .unwrap_err();
    assert!(message(err).contains("not a PNG, JPEG or WebP image"));
    let err = logo::upload(&db, &admin, vec![], None).await.unwrap_err();
    assert!(message(err).contains("Choose"));
    let mut big = png(0);
    big.resize(LOGO_MAX_BYTES + 1, 0);
    let err = logo::upload(&db, &admin, big, None).await.unwrap_err();
    let m = message(err);
    assert!(m.contains("the limit is 512 KiB"), "{m}");
    assert_eq!(branding::view(&db, &admin).await.unwrap(), before);

    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"\x00\x10JFIF\x00"].concat();
    let webp = [&b"RIFF\x1a\x00\x00\x00WEBPVP8L"[..], &[0; 13]].concat();
    for (bytes, kind) in [
        (png(0), "image/png"),
        (jpeg, "image/jpeg"),
        (webp, "image/webp"),
    ] {
        let v = logo::upload(&db, &admin, bytes, None).await.unwrap();
        assert_eq!(v.draft.logo.unwrap().content_type, kind);
    }
    let mut exact = png(0);
    exact.resize(LOGO_MAX_BYTES, 0);
    assert!(logo::upload(&db, &admin, exact, None).await.is_ok());
}

#[tokio::test]
async fn the_logo_is_a_draft_until_published_and_only_staff_see_the_draft() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "logo2").await.id;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let support = staff(&db, &pw, a, "support@vendor.test", StaffRole::Support).await;
    let owner = customer(&db, &pw, a, "o@c.test", CustomerRole::Owner, None).await;
    let other = testing::account(&db, "logo2b").await.id;
    let theirs = staff(&db, &pw, other, "admin@other.test", StaffRole::Admin).await;

    for who in [&support, &owner] {
        assert!(matches!(
            logo::upload(&db, who, png(0), None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    let v = logo::upload(&db, &admin, png(1), None).await.unwrap();
    let first = v.draft.logo.clone().unwrap();
    assert_eq!(first.size, 69);
    assert!(v.unpublished_changes);
    assert_eq!(branding::published(&db, a).await.unwrap().logo, None);

    // The draft logo: its account's staff only; customers, strangers and other vendors get
    // nothing.
    let f = logo::file(&db, a, Some(&support), &first.sha256)
        .await
        .unwrap();
    assert_eq!(f.bytes, png(1));
    assert!(!f.published);
    for who in [Some(&owner), None, Some(&theirs)] {
        assert!(matches!(
            logo::file(&db, a, who, &first.sha256).await,
            Err(ServiceError::NotFound)
        ));
    }
    assert!(matches!(
        logo::file(&db, other, Some(&theirs), &first.sha256).await,
        Err(ServiceError::NotFound)
    ));

    // Saving the text fields keeps the logo.
    let input = branding::BrandingInput {
        portal_name: "Logo Portal".into(),
        ..Default::default()
    };
    let v = branding::save_draft(&db, &admin, input, None)
        .await
        .unwrap();
    assert_eq!(v.draft.logo.as_ref(), Some(&first));

    branding::publish(&db, &admin, None).await.unwrap();
    assert_eq!(
        branding::published(&db, a).await.unwrap().logo,
        Some(first.clone())
    );
    let f = logo::file(&db, a, None, &first.sha256).await.unwrap();
    assert!(f.published);
    assert_eq!(f.content_type, "image/png");

    // A new draft logo, discarded: customers kept the published one throughout.
    let v = logo::upload(&db, &admin, png(2), None).await.unwrap();
    let second = v.draft.logo.unwrap();
    assert_ne!(second.sha256, first.sha256);
    assert!(logo::file(&db, a, None, &second.sha256).await.is_err());
    let v = branding::discard(&db, &admin, None).await.unwrap();
    assert_eq!(v.draft.logo.as_ref(), Some(&first));
    // The discarded image is gone, even for staff.
    assert!(matches!(
        logo::file(&db, a, Some(&admin), &second.sha256).await,
        Err(ServiceError::NotFound)
    ));

    // Removing is a draft change too; publishing it takes the logo away from customers.
    let v = logo::remove(&db, &admin, None).await.unwrap();
    assert_eq!(v.draft.logo, None);
    assert!(
        logo::file(&db, a, None, &first.sha256)
            .await
            .unwrap()
            .published
    );
    branding::publish(&db, &admin, None).await.unwrap();
    assert!(logo::file(&db, a, None, &first.sha256).await.is_err());
}

#[tokio::test]
async fn uploads_are_audited_with_hash_and_size_not_bytes() {
    let db = testing::test_db().await;
    let a = testing::account(&db, "logo3").await.id;
    let admin = staff(&db, &passwords(), a, "admin@vendor.test", StaffRole::Admin).await;
    let v = logo::upload(&db, &admin, png(3), Some("203.0.113.9"))
        .await
        .unwrap();
    let sha = v.draft.logo.unwrap().sha256;
    let (events, _) = service::audit::list(&db, &service::Scope::of(&admin), None, 10)
        .await
        .unwrap();
    let e = events
        .iter()
        .find(|e| e.action == "branding.logo.upload")
        .expect("an audit event");
    let details: serde_json::Value = serde_json::from_str(&e.details).unwrap();
    assert_eq!(details["after"]["draft"]["logo"]["sha256"], sha.as_str());
    assert_eq!(details["after"]["draft"]["logo"]["size"], 69);
    assert!(details["before"]["draft"]["logo"].is_null());
    assert!(
        !e.details.contains("IHDR"),
        "the bytes leaked into the audit"
    );
}
