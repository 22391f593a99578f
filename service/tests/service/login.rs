//! Signing in, throttling, sessions and signing out.

use secrecy::{ExposeSecret, SecretString};
use service::{
    Db, ServiceError, accounts,
    auth::{self, LoginInput, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_EMAIL_FROM_ONE_IP},
    passwords::Passwords,
    permissions::CustomerRole,
    principal::Principal,
    testing::{self, TEST_PASSWORD, customer, organization, passwords},
};
use uuid::Uuid;

fn attempt(email: &str, password: &str) -> LoginInput {
    LoginInput {
        email: email.into(),
        password: SecretString::from(password),
        ip: Some("203.0.113.7".into()),
        user_agent: Some("test".into()),
    }
}

async fn setup() -> (Db, Passwords, Uuid, Principal) {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "login").await.id;
    let org = organization(&db, a, "Acme").await;
    let member = customer(
        &db,
        &pw,
        a,
        "max@acme.test",
        CustomerRole::Member,
        Some(org),
    )
    .await;
    (db, pw, a, member)
}

#[tokio::test]
async fn the_right_password_opens_a_session() {
    let (db, pw, a, member) = setup().await;
    let new = auth::login(&db, &pw, a, attempt(" Max@Acme.test ", TEST_PASSWORD), None)
        .await
        .unwrap();
    assert_eq!(new.principal, member);
    let token = new.token.expose_secret();
    assert!(token.len() >= 43);
    assert_eq!(auth::session(&db, a, token).await.unwrap(), Some(member));
    assert_eq!(
        auth::session(&db, Uuid::now_v7(), token).await.unwrap(),
        None,
        "another account's session"
    );
    assert_eq!(auth::session(&db, a, "not-a-token").await.unwrap(), None);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_look_the_same() {
    let (db, pw, a, _) = setup().await;
    let wrong = auth::login(
        &db,
        &pw,
        a,
        attempt("max@acme.test", "not-the-password"),
        None,
    )
    .await
    .unwrap_err();
    let unknown = auth::login(
        &db,
        &pw,
        a,
        attempt("nobody@acme.test", TEST_PASSWORD),
        None,
    )
    .await
    .unwrap_err();
    assert!(matches!(wrong, ServiceError::Unauthorized));
    assert!(matches!(unknown, ServiceError::Unauthorized));
    assert_eq!(format!("{wrong:?}"), format!("{unknown:?}"));
}

#[tokio::test]
async fn the_sixth_attempt_is_throttled_even_with_the_right_password() {
    let (db, pw, a, _) = setup().await;
    for _ in 0..MAX_FAILURES_PER_EMAIL_FROM_ONE_IP {
        let err = auth::login(
            &db,
            &pw,
            a,
            attempt("max@acme.test", "wrong-password"),
            None,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ServiceError::Unauthorized));
    }
    let err = auth::login(&db, &pw, a, attempt("MAX@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap_err();
    let ServiceError::RateLimited { retry_after_secs } = err else {
        panic!("not throttled: {err:?}")
    };
    assert!(retry_after_secs > 0 && retry_after_secs <= 15 * 60 + 1);
    // Another account's users are not affected.
    let b = testing::account(&db, "other").await.id;
    let err = auth::login(&db, &pw, b, attempt("max@acme.test", "x"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Unauthorized));
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_loses_sessions() {
    let (db, pw, a, member) = setup().await;
    let new = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    accounts::set_user_active(&db, a, member.user_id(), false)
        .await
        .unwrap();
    assert_eq!(
        auth::session(&db, a, new.token.expose_secret())
            .await
            .unwrap(),
        None
    );
    let err = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Unauthorized));
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_and_logout_ends_it() {
    let (db, pw, a, _) = setup().await;
    let first = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    let first = first.token.expose_secret().to_owned();
    let second = auth::login(
        &db,
        &pw,
        a,
        attempt("max@acme.test", TEST_PASSWORD),
        Some(&first),
    )
    .await
    .unwrap();
    let second = second.token.expose_secret().to_owned();
    assert_ne!(first, second);
    assert_eq!(
        auth::session(&db, a, &first).await.unwrap(),
        None,
        "the previous session is gone"
    );
    assert!(auth::session(&db, a, &second).await.unwrap().is_some());
    auth::logout(&db, a, &second, None).await.unwrap();
    assert_eq!(auth::session(&db, a, &second).await.unwrap(), None);
    auth::logout(&db, a, &second, None).await.unwrap();
}

#[tokio::test]
async fn sessions_end_after_12_idle_hours_or_7_days() {
    use chrono::{Duration, Utc};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use service::entities::session;

    let (db, pw, a, member) = setup().await;
    let idle = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    let old = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    let fresh = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap();
    let age = |column: session::Column, at: chrono::DateTime<Utc>, token: &SecretString| {
        session::Entity::update_many()
            .col_expr(column, Expr::value(at))
            .filter(session::Column::TokenHash.eq(sha256_hex(token.expose_secret())))
            .exec(&db)
    };
    let now = Utc::now();
    age(
        session::Column::LastSeenAt,
        now - Duration::hours(12) - Duration::minutes(1),
        &idle.token,
    )
    .await
    .unwrap();
    age(
        session::Column::ExpiresAt,
        now - Duration::seconds(1),
        &old.token,
    )
    .await
    .unwrap();
    // A session used 11 hours ago is still good, and using it moves last_seen_at forward.
    age(
        session::Column::LastSeenAt,
        now - Duration::hours(11),
        &fresh.token,
    )
    .await
    .unwrap();

    assert_eq!(
        auth::session(&db, a, idle.token.expose_secret())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        auth::session(&db, a, old.token.expose_secret())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        auth::session(&db, a, fresh.token.expose_secret())
            .await
            .unwrap(),
        Some(member)
    );
    let row = session::Entity::find()
        .filter(session::Column::TokenHash.eq(sha256_hex(fresh.token.expose_secret())))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(Utc::now() - row.last_seen_at < Duration::minutes(1));
}

#[tokio::test]
async fn one_ip_failing_on_many_emails_is_throttled() {
    let (db, pw, a, _) = setup().await;
    for n in 0..auth::MAX_FAILURES_PER_IP {
        let err = auth::login(
            &db,
            &pw,
            a,
            attempt(&format!("guess{n}@acme.test"), "x"),
            None,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ServiceError::Unauthorized));
    }
    let err = auth::login(&db, &pw, a, attempt("max@acme.test", TEST_PASSWORD), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::RateLimited { retry_after_secs } if retry_after_secs > 0));
    let elsewhere = LoginInput {
        ip: Some("198.51.100.1".into()),
        ..attempt("max@acme.test", TEST_PASSWORD)
    };
    auth::login(&db, &pw, a, elsewhere, None).await.unwrap();
}

fn from(ip: &str, email: &str, password: &str) -> LoginInput {
    LoginInput {
        ip: Some(ip.into()),
        ..attempt(email, password)
    }
}

#[tokio::test]
async fn one_address_guessing_a_password_locks_out_only_itself() {
    let (db, pw, a, _) = setup().await;
    for _ in 0..MAX_FAILURES_PER_EMAIL_FROM_ONE_IP {
        let err = auth::login(
            &db,
            &pw,
            a,
            from("198.51.100.66", "max@acme.test", "guess"),
            None,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ServiceError::Unauthorized));
    }
    let err = auth::login(
        &db,
        &pw,
        a,
        from("198.51.100.66", "max@acme.test", TEST_PASSWORD),
        None,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ServiceError::RateLimited { .. }), "{err:?}");
    // The user, elsewhere, still signs in.
    auth::login(
        &db,
        &pw,
        a,
        from("203.0.113.20", "max@acme.test", TEST_PASSWORD),
        None,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_guess_spread_over_many_addresses_locks_the_email_for_everyone() {
    let (db, pw, a, _) = setup().await;
    for n in 0..MAX_FAILURES_PER_EMAIL {
        let ip = format!("198.51.100.{}", n % 250);
        let err = auth::login(&db, &pw, a, from(&ip, "max@acme.test", "guess"), None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServiceError::Unauthorized),
            "attempt {n}: {err:?}"
        );
    }
    let err = auth::login(
        &db,
        &pw,
        a,
        from("203.0.113.20", "max@acme.test", TEST_PASSWORD),
        None,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ServiceError::RateLimited { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempts_arriving_together_never_pass_the_ip_limit() {
    let (db, pw, a, _) = setup().await;
    let already = auth::MAX_FAILURES_PER_IP - 10;
    for n in 0..already {
        let err = auth::login(
            &db,
            &pw,
            a,
            attempt(&format!("early{n}@acme.test"), "x"),
            None,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ServiceError::Unauthorized));
    }
    // 16 at once, each on its own email: only the 10 left under the limit may be tried.
    // (Hashing slots for all of them, so a loaded machine queues none into `Busy`.)
    let pw = service::passwords::Passwords::new(16);
    let together = (0..16).map(|n| {
        let (db, pw) = (db.clone(), pw.clone());
        tokio::spawn(async move {
            auth::login(
                &db,
                &pw,
                a,
                attempt(&format!("burst{n}@acme.test"), "x"),
                None,
            )
            .await
        })
    });
    let mut tried = 0;
    let mut refused = 0;
    for outcome in futures_util::future::join_all(together).await {
        match outcome.expect("task").unwrap_err() {
            ServiceError::Unauthorized => tried += 1,
            ServiceError::RateLimited { .. } => refused += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((tried, refused), (10, 6));
}

fn sha256_hex(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}
