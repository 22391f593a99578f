//! Profile updates and password changes.

use secrecy::{ExposeSecret, SecretString};
use service::{
    ServiceError,
    auth::{self, LoginInput},
    permissions::CustomerRole,
    profile::{self, ProfileUpdate},
    testing::{self, TEST_PASSWORD, customer, organization, passwords},
};

fn attempt(email: &str, password: &str) -> LoginInput {
    LoginInput {
        email: email.into(),
        password: SecretString::from(password),
        ip: None,
        user_agent: None,
    }
}

fn update(email: &str, current: &str) -> ProfileUpdate {
    ProfileUpdate {
        first_name: "Max".into(),
        last_name: "Member".into(),
        email: email.into(),
        current_password: SecretString::from(current),
    }
}

#[tokio::test]
async fn profile_updates_check_the_password_and_unique_email() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "profile").await.id;
    let org = organization(&db, a, "Acme").await;
    let max = customer(
        &db,
        &pw,
        a,
        "max@acme.test",
        CustomerRole::Member,
        Some(org),
    )
    .await;
    customer(
        &db,
        &pw,
        a,
        "taken@acme.test",
        CustomerRole::Member,
        Some(org),
    )
    .await;

    let err = profile::update(&db, &pw, &max, update("max2@acme.test", "wrong"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Invalid(e) if e[0].field == "current_password"));
    // A name alone needs no password.
    let renamed = ProfileUpdate {
        first_name: "Maxine".into(),
        ..update("max@acme.test", "")
    };
    profile::update(&db, &pw, &max, renamed, None)
        .await
        .unwrap();
    let view = profile::get(&testing::reload(&db, &max).await);
    assert_eq!(
        (view.first_name.as_str(), view.email.as_str()),
        ("Maxine", "max@acme.test")
    );
    let err = profile::update(
        &db,
        &pw,
        &max,
        update("Taken@acme.test", TEST_PASSWORD),
        None,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ServiceError::Conflict(e) if e[0].field == "email" && e[0].message == "This email is already in use.")
    );
    let err = profile::update(
        &db,
        &pw,
        &max,
        ProfileUpdate {
            first_name: " ".into(),
            ..update("bad", TEST_PASSWORD)
        },
        None,
    )
    .await
    .unwrap_err();
    let ServiceError::Invalid(errors) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["first_name", "email"]
    );

    profile::update(
        &db,
        &pw,
        &max,
        update("Max.New@Acme.test", TEST_PASSWORD),
        None,
    )
    .await
    .unwrap();
    let view = profile::get(&testing::reload(&db, &max).await);
    assert_eq!(view.email, "max.new@acme.test");
    assert_eq!(view.role_label, "Member");
    assert_eq!(view.organization_name.as_deref(), Some("Acme"));
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "pwchange").await.id;
    let max = customer(&db, &pw, a, "max@acme.test", CustomerRole::Member, None).await;
    let here = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    let there = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    let here = here.token.expose_secret().to_owned();
    let there = there.token.expose_secret().to_owned();
    let change = |current: &str, new: &str| {
        profile::change_password(
            &db,
            &pw,
            &max,
            SecretString::from(current),
            SecretString::from(new),
            &here,
            None,
        )
    };

    for weak in ["password1", "qwerty123", "short"] {
        let err = change(TEST_PASSWORD, weak).await.unwrap_err();
        assert!(
            matches!(err, ServiceError::Invalid(e) if e[0].field == "new_password"),
            "{weak} accepted"
        );
    }
    let err = change("wrong-current", "a much better passphrase")
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Invalid(e) if e[0].field == "current_password"));
    assert!(
        auth::session(&db, a, &there).await.unwrap().is_some(),
        "failed changes sign nobody out"
    );

    change(TEST_PASSWORD, "a much better passphrase")
        .await
        .unwrap();
    assert!(
        auth::session(&db, a, &here).await.unwrap().is_some(),
        "this session stays"
    );
    assert_eq!(
        auth::session(&db, a, &there).await.unwrap(),
        None,
        "the other one ends"
    );
    assert!(
        auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
            .await
            .is_err()
    );
    auth::login(
        &db,
        &pw,
        a,
        attempt("max@acme.test", "a much better passphrase"),
        None,
    )
    .await
    .unwrap();
}
