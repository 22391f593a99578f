use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use secrecy::ExposeSecret;
use service::{
    ServiceError,
    auth::{self, LoginInput},
    entities::{invitation, user},
    mail, org_admin,
    principal::Scope,
};

use super::{URL, invitation, secret, world};

fn login(email: &str, password: &str) -> LoginInput {
    LoginInput {
        email: email.into(),
        password: secret(password),
        ip: None,
        user_agent: None,
    }
}

#[tokio::test]
async fn an_invitee_sets_a_password_once_and_signs_in() {
    let w = world().await;
    let before = w.outbox_count().await;
    let (id, token) = w.invite("new@acme.test").await;
    assert_eq!(w.outbox_count().await, before + 1, "exactly one email");
    let msgs = mail::list(&w.db, &Scope::of(&w.staff), 10).await.unwrap();
    assert_eq!(msgs[0].to, "new@acme.test");
    assert!(msgs[0].subject.contains("vendor Inc."), "the portal's name");
    assert!(msgs[0].body.contains("Acme"));
    // 256 bits, base64url, and only its hash is stored.
    assert_eq!(token.len(), 43);
    let row = invitation::Entity::find()
        .filter(invitation::Column::UserId.eq(id))
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(row.token_hash, token);
    assert!(row.expires_at > Utc::now() + Duration::days(6));

    // Invited users cannot sign in yet.
    assert!(
        auth::login(
            &w.db,
            &w.pw,
            w.account,
            login("new@acme.test", "a-new-password-1"),
            None
        )
        .await
        .is_err()
    );
    let info = org_admin::invitation_info(&w.db, w.account, &token)
        .await
        .unwrap();
    assert_eq!(info.email, "new@acme.test");
    let weak = org_admin::accept(&w.db, &w.pw, w.account, &token, &secret("short")).await;
    assert!(matches!(weak, Err(ServiceError::Invalid(e)) if e[0].field == "password"));
    org_admin::accept(&w.db, &w.pw, w.account, &token, &secret("a-new-password-1"))
        .await
        .unwrap();
    let s = auth::login(
        &w.db,
        &w.pw,
        w.account,
        login("new@acme.test", "a-new-password-1"),
        None,
    )
    .await
    .unwrap();
    assert!(!s.token.expose_secret().is_empty());
    assert_eq!(s.principal.user_id(), id);

    let again = org_admin::accept(&w.db, &w.pw, w.account, &token, &secret("another-pass-2")).await;
    assert!(
        matches!(&again, Err(ServiceError::Conflict(e)) if e[0].field == "token"),
        "{again:?}"
    );
    // Another account's host cannot use it either.
    let other = testing_account(&w.db).await;
    assert!(matches!(
        org_admin::invitation_info(&w.db, other, &token).await,
        Err(ServiceError::Invalid(_))
    ));
}

async fn testing_account(db: &service::Db) -> uuid::Uuid {
    service::testing::account(db, "elsewhere").await.id
}

#[tokio::test]
async fn an_expired_or_unknown_token_is_refused() {
    let w = world().await;
    let (id, token) = w.invite("late@acme.test").await;
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .filter(invitation::Column::UserId.eq(id))
        .exec(&w.db)
        .await
        .unwrap();
    let r = org_admin::accept(&w.db, &w.pw, w.account, &token, &secret("a-new-password-1")).await;
    assert!(
        matches!(&r, Err(ServiceError::Invalid(e)) if e[0].message.contains("expired")),
        "{r:?}"
    );
    let u = user::Entity::find_by_id(id)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.status, user::STATUS_INVITED, "nothing changed");
    let r = org_admin::accept(&w.db, &w.pw, w.account, "nope", &secret("a-new-password-1")).await;
    assert!(matches!(&r, Err(ServiceError::Invalid(e)) if e[0].message.contains("not valid")));

    // A new invitation replaces the old link.
    org_admin::resend(&w.db, &w.owner, id, URL).await.unwrap();
    let fresh = w.token_for("late@acme.test").await;
    assert_ne!(fresh, token);
    assert!(
        org_admin::invitation_info(&w.db, w.account, &token)
            .await
            .is_err()
    );
    org_admin::accept(&w.db, &w.pw, w.account, &fresh, &secret("a-new-password-1"))
        .await
        .unwrap();
    assert!(matches!(
        org_admin::resend(&w.db, &w.owner, id, URL).await,
        Err(ServiceError::Conflict(_))
    ));
}

#[tokio::test]
async fn bad_invitations_each_get_their_error_and_change_nothing() {
    let w = world().await;
    let (audit, outbox) = (w.audit_count().await, w.outbox_count().await);
    let long = "x".repeat(201);
    let cases = [
        (invitation("member@acme.test", "member"), "email", true),
        (invitation("MEMBER@acme.test ", "member"), "email", true),
        (invitation("owner@globex.test", "member"), "email", true),
        (invitation("not-an-email", "member"), "email", false),
        (invitation("a@acme.test", "vendor-admin"), "role", false),
        (invitation("a@acme.test", ""), "role", false),
        (
            org_admin::Invitation {
                first_name: " ".into(),
                ..invitation("a@acme.test", "member")
            },
            "first_name",
            false,
        ),
        (
            org_admin::Invitation {
                last_name: long.clone(),
                ..invitation("a@acme.test", "member")
            },
            "last_name",
            false,
        ),
    ];
    for (inv, field, conflict) in cases {
        let r = org_admin::invite(&w.db, &w.pw, &w.owner, inv.clone(), URL).await;
        match (&r, conflict) {
            (Err(ServiceError::Conflict(e)), true) | (Err(ServiceError::Invalid(e)), false) => {
                assert_eq!(e[0].field, field, "{inv:?}");
            }
            _ => panic!("{inv:?} gave {r:?}"),
        }
    }
    for who in [&w.member, &w.viewer, &w.staff] {
        let r =
            org_admin::invite(&w.db, &w.pw, who, invitation("b@acme.test", "member"), URL).await;
        assert!(matches!(r, Err(ServiceError::Forbidden)), "{who:?}");
    }
    assert_eq!(w.audit_count().await, audit);
    assert_eq!(w.outbox_count().await, outbox);
}

#[tokio::test]
async fn an_invitation_is_signed_with_the_published_portal_name() {
    let w = world().await;
    let named = service::branding::BrandingInput {
        portal_name: "Acme Licensing Hub".into(),
        ..Default::default()
    };
    service::branding::save_draft(&w.db, &w.staff, named, None)
        .await
        .unwrap();
    // A draft is not what customers know the portal by.
    w.invite("draft@acme.test").await;
    let msgs = mail::list(&w.db, &Scope::of(&w.staff), 10).await.unwrap();
    assert!(
        !msgs[0].subject.contains("Acme Licensing Hub"),
        "{}",
        msgs[0].subject
    );

    service::branding::publish(&w.db, &w.staff, None)
        .await
        .unwrap();
    w.invite("published@acme.test").await;
    let msgs = mail::list(&w.db, &Scope::of(&w.staff), 10).await.unwrap();
    assert_eq!(msgs[0].to, "published@acme.test");
    assert!(
        msgs[0].subject.starts_with("Acme Licensing Hub: "),
        "{}",
        msgs[0].subject
    );
    assert!(
        msgs[0].body.ends_with("-- Acme Licensing Hub\n"),
        "{}",
        msgs[0].body
    );
}
