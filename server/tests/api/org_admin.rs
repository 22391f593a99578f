//! Organization admin server functions: who may call them, invitations end to end, and
//! crafted cross-organization requests.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::entities::{audit_event, group_membership, outbox_message, user, user_group};

use crate::helpers::{DEMO_HOST, TestApp};

async fn id_of(app: &TestApp, email: &str) -> String {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

#[tokio::test]
async fn members_and_viewers_are_refused_every_admin_function() {
    let app = TestApp::new().await;
    let member = id_of(&app, "member@acme.example").await;
    let groups = user_group::Entity::find().all(&app.db).await.unwrap();
    let group = groups[0].id.to_string();
    let license = service::entities::license::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let audit_before = audit_event::Entity::find().count(&app.db).await.unwrap();
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/rpc/list_org_users", vec![("q", "")]),
        (
            "/rpc/invite_user",
            vec![
                ("email", "x@acme.example"),
                ("first_name", "X"),
                ("last_name", "Y"),
                ("role", "member"),
            ],
        ),
        (
            "/rpc/update_org_user",
            vec![
                ("user_id", &member),
                ("first_name", "X"),
                ("last_name", "Y"),
                ("role", "owner"),
            ],
        ),
        (
            "/rpc/set_org_user_active",
            vec![("user_id", &member), ("active", "false")],
        ),
        ("/rpc/delete_org_user", vec![("user_id", &member)]),
        ("/rpc/resend_invitation", vec![("user_id", &member)]),
        (
            "/rpc/set_org_contacts",
            vec![("primary", &member), ("secondary", "")],
        ),
        ("/rpc/list_org_groups", vec![]),
        ("/rpc/get_org_group", vec![("group_id", &group)]),
        (
            "/rpc/create_org_group",
            vec![("name", "Mine"), ("description", "")],
        ),
        (
            "/rpc/update_org_group",
            vec![("group_id", &group), ("name", "Mine"), ("description", "")],
        ),
        ("/rpc/delete_org_group", vec![("group_id", &group)]),
        (
            "/rpc/add_group_member",
            vec![("group_id", &group), ("user_id", &member)],
        ),
        (
            "/rpc/remove_group_member",
            vec![("group_id", &group), ("user_id", &member)],
        ),
        (
            "/rpc/drop_group_member",
            vec![("to_group", &group), ("user_id", &member)],
        ),
        (
            "/rpc/link_group_license",
            vec![
                ("group_id", &group),
                ("license_id", &license),
                ("back", "group"),
            ],
        ),
        (
            "/rpc/unlink_group_license",
            vec![
                ("group_id", &group),
                ("license_id", &license),
                ("back", "group"),
            ],
        ),
        (
            "/rpc/assign_org_license",
            vec![("license_id", &license), ("user_id", &member)],
        ),
        (
            "/rpc/list_activity",
            vec![
                ("actor", ""),
                ("action", ""),
                ("since", ""),
                ("until", ""),
                ("after", ""),
            ],
        ),
        ("/rpc/list_outbox", vec![]),
    ];
    for who in ["member@acme.example", "viewer@acme.example"] {
        let cookie = app.login(who).await;
        for (path, form) in &calls {
            let res = app.rpc(path, form, Some(&cookie), DEMO_HOST).await;
            assert_eq!(
                res.status,
                StatusCode::FORBIDDEN,
                "{who} {path}: {}",
                res.body
            );
        }
    }
    // The outbox is the vendor's: not even an organization owner reads it.
    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc("/rpc/list_outbox", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let logins = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("auth.login"))
        .count(&app.db)
        .await
        .unwrap();
    let after = audit_event::Entity::find().count(&app.db).await.unwrap();
    assert!(
        after <= audit_before + logins,
        "only sign-ins were recorded"
    );
    assert_eq!(
        outbox_message::Entity::find().count(&app.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn an_invitation_is_one_email_with_the_public_url_and_works_once() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc(
            "/rpc/invite_user",
            &[
                ("email", "ines@acme.example"),
                ("first_name", "Ines"),
                ("last_name", "Vited"),
                ("role", "member"),
            ],
            Some(&owner),
            "evil.example.com",
        )
        .await;
    // The account comes from the Host: an unknown host is the default account here.
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    assert_eq!(
        outbox_message::Entity::find().count(&app.db).await.unwrap(),
        1
    );

    let staff = app.login("admin@vendor.example").await;
    let res = app
        .rpc("/rpc/list_outbox", &[], Some(&staff), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let msgs = res.json();
    let body = msgs[0]["body"].as_str().unwrap();
    assert!(
        !body.contains("evil.example.com"),
        "never the request's Host"
    );
    // The demo account's own host, with the public URL's scheme (never the request's Host).
    let link_prefix = format!("https://{DEMO_HOST}/invitation/");
    let token = body
        .split_once(&link_prefix)
        .expect("a link on the public URL")
        .1
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    assert!(
        msgs[0]["subject"]
            .as_str()
            .unwrap()
            .contains("Northwind Software"),
        "{msgs}"
    );

    // No session needed to read and accept it.
    let info = app
        .rpc("/rpc/get_invitation", &[("token", &token)], None, DEMO_HOST)
        .await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.body);
    assert_eq!(info.json()["email"], "ines@acme.example");
    let accept = |password: &'static str| {
        let token = token.clone();
        let app = &app;
        async move {
            app.rpc(
                "/rpc/accept_invitation",
                &[("token", &token), ("password", password)],
                None,
                DEMO_HOST,
            )
            .await
        }
    };
    let res = accept("a-long-new-password").await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    app.login_on(DEMO_HOST, "ines@acme.example", "a-long-new-password")
        .await;
    let again = accept("another-long-password").await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let unknown = app
        .rpc(
            "/rpc/accept_invitation",
            &[("token", "forged"), ("password", "a-long-new-password")],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        outbox_message::Entity::find().count(&app.db).await.unwrap(),
        1
    );
}

#[tokio::test]
async fn crafted_requests_with_another_organizations_ids_change_nothing() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let outsider = id_of(&app, "dev@globex.example").await;
    let groups = user_group::Entity::find().all(&app.db).await.unwrap();
    let acme = user::Entity::find()
        .filter(user::Column::Email.eq("owner@acme.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .organization_id;
    let mine = groups
        .iter()
        .find(|g| Some(g.organization_id) == acme)
        .unwrap();
    let globex = user::Entity::find()
        .filter(user::Column::Email.eq("owner@globex.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let theirs = service::accounts::create_group(
        &app.db,
        globex.account_id,
        globex.organization_id.unwrap(),
        "Globex team",
        "",
    )
    .await
    .unwrap();
    let before = group_membership::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    let res = app
        .rpc(
            "/rpc/drop_group_member",
            &[("to_group", &mine.id.to_string()), ("user_id", &outsider)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let member = id_of(&app, "member@acme.example").await;
    let res = app
        .rpc(
            "/rpc/add_group_member",
            &[("group_id", &theirs.to_string()), ("user_id", &member)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app
        .rpc(
            "/rpc/delete_org_group",
            &[("group_id", &uuid::Uuid::now_v7().to_string())],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        group_membership::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        before
    );
}
