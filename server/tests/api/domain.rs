//! Custom domains: admins ask for one, which serves the account only once DNS proves it
//! points here; the portal's own names and other accounts' domains can never be claimed, so
//! no vendor can take over another's host; bad domains and customers are refused.

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use service::{
    Principal,
    custom_domain::{self, DnsCheck},
    entities::{audit_event, outbox_message, product},
};

const SET: &str = "/rpc/set_custom_domain";
const GET: &str = "/rpc/get_custom_domain";

/// The principal of a user of `alias`, as a request of theirs resolves it.
async fn principal(app: &TestApp, email: &str, alias: &str) -> Principal {
    let cookie = app
        .login_on(&format!("{alias}.keyport.test"), email, PASSWORD)
        .await;
    let (_, token) = cookie.split_once('=').unwrap();
    let account = service::accounts::find_account(&app.db, alias)
        .await
        .unwrap()
        .unwrap();
    service::auth::session(&app.db, account.id, token)
        .await
        .unwrap()
        .expect("a session")
}

/// A second vendor account, `mallory`, with a vendor admin; the admin's cookie.
async fn mallory(app: &TestApp) -> String {
    app.other_vendor_admin("mallory").await
}

#[tokio::test]
async fn a_custom_domain_serves_only_once_its_dns_check_passes() {
    let app = TestApp::without_default_account().await;
    let admin = app.login("admin@vendor.example").await;
    for bad in [
        "https://portal.northwind.test",
        "portal.northwind.test:8443",
        "x/y",
    ] {
        let res = app
            .rpc(SET, &[("domain", bad)], Some(&admin), DEMO_HOST)
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let res = app
        .rpc(
            SET,
            &[("domain", "Portal.Northwind.test.")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.body
    );
    let d = app.rpc(GET, &[], Some(&admin), DEMO_HOST).await.json();
    assert_eq!(d["domain"], serde_json::Value::Null);
    assert_eq!(d["pending"], "portal.northwind.test");
    assert_eq!(d["target"], DEMO_HOST);

    // Pending: the domain names no account yet.
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "admin@vendor.example"), ("password", PASSWORD)],
            None,
            "portal.northwind.test",
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    // The page says what is missing.
    let page = app.get("/vendor/settings/domain", Some(&admin)).await;
    assert!(
        page.body.contains("is waiting for its DNS check"),
        "{}",
        page.body
    );

    // A check that finds it elsewhere changes nothing; one that finds it here makes it serve.
    let p = principal(&app, "admin@vendor.example", "demo").await;
    custom_domain::record_check(&app.db, &p, DnsCheck::PointsElsewhere, None)
        .await
        .unwrap();
    let d = app.rpc(GET, &[], Some(&admin), DEMO_HOST).await.json();
    assert_eq!(d["pending"], "portal.northwind.test");
    custom_domain::record_check(&app.db, &p, DnsCheck::PointsToPortal, None)
        .await
        .unwrap();
    let d = app.rpc(GET, &[], Some(&admin), DEMO_HOST).await.json();
    assert_eq!(
        (d["domain"].as_str(), d["pending"].as_str()),
        (Some("portal.northwind.test"), None)
    );
    let on_domain = app
        .login_on("portal.northwind.test", "admin@vendor.example", PASSWORD)
        .await;
    assert_eq!(
        app.rpc(
            "/rpc/get_current_user",
            &[],
            Some(&on_domain),
            "portal.northwind.test"
        )
        .await
        .status,
        StatusCode::OK
    );

    // The periodic re-check takes it away when it points elsewhere.
    let demo = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .unwrap();
    custom_domain::record_recheck(
        &app.db,
        demo.id,
        "portal.northwind.test",
        DnsCheck::Unresolved,
    )
    .await
    .unwrap();
    let d = app.rpc(GET, &[], Some(&admin), DEMO_HOST).await.json();
    assert_eq!(
        d["domain"], "portal.northwind.test",
        "a DNS outage keeps it"
    );
    custom_domain::record_recheck(
        &app.db,
        demo.id,
        "portal.northwind.test",
        DnsCheck::PointsElsewhere,
    )
    .await
    .unwrap();
    let d = app.rpc(GET, &[], Some(&admin), DEMO_HOST).await.json();
    assert_eq!(
        (d["domain"].as_str(), d["pending"].as_str()),
        (None, Some("portal.northwind.test"))
    );

    let events: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("settings.domain."))
        .order_by_asc(audit_event::Column::CreatedAt)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        events,
        [
            "settings.domain.update",
            "settings.domain.verify",
            "settings.domain.recheck"
        ]
    );

    let owner = app.login("owner@acme.example").await;
    for (path, form) in [
        (GET, vec![]),
        (SET, vec![("domain", "evil.test")]),
        ("/rpc/check_custom_domain", vec![]),
    ] {
        let res = app.rpc(path, &form, Some(&owner), DEMO_HOST).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn no_vendor_can_claim_another_vendors_host_or_the_portals_own_names() {
    let app = TestApp::new().await;
    let mallory = mallory(&app).await;
    let host = "mallory.keyport.test";
    for claimed in [
        "demo.keyport.test",
        "demo.keyport.test.",
        "DEMO.Keyport.Test",
        "keyport.test",
        "a.demo.keyport.test",
        "portal.keyport.test",
        "127.0.0.1",
        "[::1]",
    ] {
        let res = app
            .rpc(SET, &[("domain", claimed)], Some(&mallory), host)
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{claimed}: {}",
            res.body
        );
    }
    // A domain the demo vendor serves is taken; one it only asked for is not (no squatting).
    let demo_admin = app.login("admin@vendor.example").await;
    app.rpc(
        SET,
        &[("domain", "portal.northwind.test")],
        Some(&demo_admin),
        DEMO_HOST,
    )
    .await;
    let p = principal(&app, "admin@vendor.example", "demo").await;
    custom_domain::record_check(&app.db, &p, DnsCheck::PointsToPortal, None)
        .await
        .unwrap();
    let res = app
        .rpc(
            SET,
            &[("domain", "portal.northwind.test")],
            Some(&mallory),
            host,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    // International names are stored in their one ASCII form.
    app.rpc(SET, &[("domain", "Bücher.example")], Some(&mallory), host)
        .await;
    let d = app.rpc(GET, &[], Some(&mallory), host).await.json();
    assert_eq!(d["pending"], "xn--bcher-kva.example");

    // Even a row that names the demo host (written before these checks) cannot take it:
    // hosts under the base domain are served by their alias only.
    app.db
        .execute_unprepared(
            "UPDATE accounts SET custom_domain = 'demo.keyport.test' WHERE alias = 'mallory'",
        )
        .await
        .unwrap();
    let who = app
        .rpc("/rpc/get_current_user", &[], Some(&demo_admin), DEMO_HOST)
        .await;
    assert_eq!(who.status, StatusCode::OK, "{}", who.body);
    assert_eq!(who.json()["portal_name"], "Northwind Software");
    // Installed copies of the demo vendor's software still find its product keys.
    let demo = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .unwrap();
    let studio = product::Entity::find()
        .filter(product::Column::AccountId.eq(demo.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let key = app
        .api(
            "GET",
            &format!("/api/v1/products/{}/public-key", studio.id),
            None,
        )
        .await;
    assert_eq!(key.status, StatusCode::OK, "{}", key.body);
}

#[tokio::test]
async fn invitation_links_point_at_the_inviting_vendors_own_host() {
    let app = TestApp::new().await;
    mallory(&app).await;
    let owner = app
        .login_on("mallory.keyport.test", "owner@mallory.example", PASSWORD)
        .await;
    let res = app
        .rpc(
            "/rpc/invite_user",
            &[
                ("email", "new@mallory.example"),
                ("first_name", "New"),
                ("last_name", "Person"),
                ("role", "member"),
            ],
            Some(&owner),
            "mallory.keyport.test",
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let body = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq("new@mallory.example"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the invitation email")
        .body;
    assert!(
        body.contains("https://mallory.keyport.test/invitation/"),
        "{body}"
    );
    assert!(!body.contains("portal.keyport.test"), "{body}");
}
