use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::{
    ServiceError,
    activations::{self, ActivationInput, ActivationMode},
    audit::{self, ActivityFilter},
    auth::{self, LoginInput},
    entities::{activation, audit_event, license, session, user},
    org_admin::{self, UserEdit},
    principal::Scope,
    testing::{self, TEST_PASSWORD, fingerprint},
};

use super::{URL, invitation, secret, world};

fn edit(role: &str) -> UserEdit {
    UserEdit {
        first_name: "Max".into(),
        last_name: "Power".into(),
        role: role.into(),
    }
}

fn conflict_on(r: &Result<(), ServiceError>, field: &str) -> bool {
    matches!(r, Err(ServiceError::Conflict(e)) if e[0].field == field)
}

#[tokio::test]
async fn the_list_searches_and_counts_against_the_cap() {
    let w = world().await;
    let page = org_admin::list_users(&w.db, &w.owner, "", None)
        .await
        .unwrap();
    assert_eq!(page.users.len(), 3, "Acme only");
    assert_eq!((page.used, page.cap), (3, Some(5)));
    let page = org_admin::list_users(&w.db, &w.owner, "VIEW", None)
        .await
        .unwrap();
    assert_eq!(page.users.len(), 1);
    assert_eq!(page.users[0].email, "viewer@acme.test");
    assert!(matches!(
        org_admin::list_users(&w.db, &w.member, "", None).await,
        Err(ServiceError::Forbidden)
    ));

    w.invite("four@acme.test").await;
    let (fifth, _) = w.invite("five@acme.test").await;
    let r = org_admin::invite(
        &w.db,
        &w.pw,
        &w.owner,
        invitation("six@acme.test", "member"),
        URL,
    )
    .await;
    match r {
        Err(ServiceError::Conflict(e)) => {
            assert!(e[0].message.contains("5 users and 5 are in use"), "{e:?}")
        }
        other => panic!("{other:?}"),
    }
    // Disabling frees a place; re-enabling beyond the cap is refused.
    org_admin::set_active(&w.db, &w.owner, fifth, false)
        .await
        .unwrap();
    w.invite("six@acme.test").await;
    let r = org_admin::set_active(&w.db, &w.owner, fifth, true).await;
    assert!(conflict_on(&r, "user_id"), "{r:?}");
    let u = user::Entity::find_by_id(fifth)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.status, user::STATUS_DISABLED);
}

#[tokio::test]
async fn disabling_signs_out_everywhere_and_enabling_lets_back_in() {
    let w = world().await;
    let input = || LoginInput {
        email: "member@acme.test".into(),
        password: secret(TEST_PASSWORD),
        ip: None,
        user_agent: None,
    };
    for _ in 0..2 {
        auth::login(&w.db, &w.pw, w.account, input(), None)
            .await
            .unwrap();
    }
    let id = w.member.user_id();
    org_admin::set_active(&w.db, &w.owner, id, false)
        .await
        .unwrap();
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(id))
        .count(&w.db)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    assert!(
        auth::login(&w.db, &w.pw, w.account, input(), None)
            .await
            .is_err()
    );
    org_admin::set_active(&w.db, &w.owner, id, true)
        .await
        .unwrap();
    auth::login(&w.db, &w.pw, w.account, input(), None)
        .await
        .unwrap();
    let (rows, _) = audit::list_filtered(
        &w.db,
        &Scope::of(&w.owner),
        &ActivityFilter {
            action: Some("user.disable".into()),
            actor_user_id: Some(w.owner.user_id()),
            ..Default::default()
        },
        None,
        10,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].details.contains(r#""before":{"status":"active"}"#),
        "{}",
        rows[0].details
    );
    assert!(rows[0].details.contains(r#""after":{"status":"disabled"}"#));
}

#[tokio::test]
async fn the_last_owner_and_contacts_stay_owners() {
    let w = world().await;
    let me = w.owner.user_id();
    let r = org_admin::update_user(&w.db, &w.owner, me, edit("member")).await;
    assert!(conflict_on(&r, "role"), "{r:?}");
    assert!(conflict_on(
        &org_admin::set_active(&w.db, &w.owner, me, false).await,
        "user_id"
    ));
    assert!(conflict_on(
        &org_admin::delete_user(&w.db, &w.owner, me).await,
        "user_id"
    ));

    // A second owner can be a contact; a member cannot.
    let second = w.member.user_id();
    org_admin::update_user(&w.db, &w.owner, second, edit("owner"))
        .await
        .unwrap();
    let r = org_admin::set_contacts(&w.db, &w.owner, me, Some(w.viewer.user_id())).await;
    assert!(matches!(&r, Err(ServiceError::Invalid(e)) if e[0].field == "secondary_contact_id"));
    let r = org_admin::set_contacts(&w.db, &w.owner, me, Some(w.globex_owner.user_id())).await;
    assert!(
        matches!(&r, Err(ServiceError::Invalid(_))),
        "another organization's owner"
    );
    org_admin::set_contacts(&w.db, &w.owner, me, Some(second))
        .await
        .unwrap();
    let r = org_admin::update_user(&w.db, &w.owner, second, edit("member")).await;
    assert!(conflict_on(&r, "role"), "a contact stays an owner: {r:?}");
    org_admin::set_contacts(&w.db, &w.owner, me, None)
        .await
        .unwrap();
    org_admin::update_user(&w.db, &w.owner, second, edit("viewer"))
        .await
        .unwrap();
    let u = user::Entity::find_by_id(second)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (u.first_name.as_str(), u.customer_role.as_deref()),
        ("Max", Some("viewer"))
    );

    let long = "x".repeat(201);
    let r = org_admin::update_user(
        &w.db,
        &w.owner,
        second,
        UserEdit {
            first_name: long,
            ..edit("admin")
        },
    )
    .await;
    assert!(
        matches!(&r, Err(ServiceError::Invalid(e)) if e.len() == 2),
        "{r:?}"
    );
}

#[tokio::test]
async fn other_organizations_users_are_not_found_and_untouched() {
    let w = world().await;
    let audit = w.audit_count().await;
    let theirs = w.globex_owner.user_id();
    for r in [
        org_admin::update_user(&w.db, &w.owner, theirs, edit("member")).await,
        org_admin::set_active(&w.db, &w.owner, theirs, false).await,
        org_admin::delete_user(&w.db, &w.owner, theirs).await,
        org_admin::resend(&w.db, &w.owner, theirs, URL).await,
        org_admin::update_user(&w.db, &w.owner, w.staff.user_id(), edit("member")).await,
    ] {
        assert!(matches!(r, Err(ServiceError::NotFound)), "{r:?}");
    }
    let u = user::Entity::find_by_id(theirs)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (u.status.as_str(), u.customer_role.as_deref()),
        ("active", Some("owner"))
    );
    assert_eq!(w.audit_count().await, audit);
    for r in [
        org_admin::set_active(&w.db, &w.member, w.viewer.user_id(), false).await,
        org_admin::delete_user(&w.db, &w.viewer, w.member.user_id()).await,
    ] {
        assert!(matches!(r, Err(ServiceError::Forbidden)), "{r:?}");
    }
}

#[tokio::test]
async fn deleting_a_user_removes_direct_licenses_and_keeps_activations() {
    let w = world().await;
    let product = testing::product(&w.db, w.account, "Studio").await;
    let lic = testing::user_license(&w.db, w.account, product, &w.member).await;
    let input = ActivationInput {
        fingerprint: fingerprint("member-laptop"),
        hostname: "laptop".into(),
        os: "Linux".into(),
        app_version: None,
        mode: ActivationMode::Online,
        client_pub: None,
    };
    activations::activate(&w.db, w.account, lic, input, "test")
        .await
        .unwrap();
    org_admin::delete_user(&w.db, &w.owner, w.member.user_id())
        .await
        .unwrap();
    let l = license::Entity::find_by_id(lic)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(l.owner_user_id, None);
    assert_eq!(l.organization_id, Some(w.acme));
    let kept = activation::Entity::find()
        .filter(activation::Column::LicenseId.eq(lic))
        .count(&w.db)
        .await
        .unwrap();
    assert_eq!(kept, 1);
    let ev = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("user.delete"))
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ev.organization_id, Some(w.acme));
    assert_eq!(ev.actor_user_id, Some(w.owner.user_id()));
    assert!(
        ev.details.contains("member@acme.test") && ev.details.contains(r#""direct_licenses":1"#)
    );
}
