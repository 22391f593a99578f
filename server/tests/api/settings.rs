//! Portal settings over HTTP: who may read and change them, and that the matrix and the
//! allowed actions govern the server functions on the user's next request.

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp};
use axum::http::StatusCode;
use service::permissions::{Permission, StaffRole};

/// Every settings function with a valid-looking form.
const SETTINGS_CALLS: &[(&str, &[(&str, &str)])] = &[
    ("/rpc/get_portal_settings", &[]),
    ("/rpc/update_portal_modes", &[("portal_enabled", "on")]),
    ("/rpc/update_catalog_defaults", &[]),
    (
        "/rpc/update_allowed_actions",
        &[("enabled[]", "licenses.view")],
    ),
    (
        "/rpc/update_permission_matrix",
        &[("grant[]", "owner:licenses.view")],
    ),
    ("/rpc/reset_permission_matrix", &[]),
];

async fn demo_settings(app: &TestApp) -> service::portal::PortalSettings {
    let account = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .expect("demo account");
    service::portal::settings(&app.db, account.id)
        .await
        .unwrap()
}

fn ok(res: &crate::helpers::Answer) -> bool {
    res.status.is_success() || res.status.is_redirection()
}

#[tokio::test]
async fn customers_calling_any_settings_function_are_refused_and_nothing_changes() {
    let app = TestApp::new().await;
    let before = demo_settings(&app).await;
    for email in [
        "owner@acme.example",
        "member@acme.example",
        "solo@example.com",
    ] {
        let cookie = app.login(email).await;
        for (path, form) in SETTINGS_CALLS {
            let res = app.rpc(path, form, Some(&cookie), DEMO_HOST).await;
            assert_eq!(
                res.status,
                StatusCode::FORBIDDEN,
                "{email} {path}: {}",
                res.body
            );
        }
    }
    assert_eq!(demo_settings(&app).await, before);
}

#[tokio::test]
async fn support_reads_admins_change_and_other_vendors_staff_cannot_reach_them() {
    let app = TestApp::new().await;
    let support = app.login("support@vendor.example").await;
    let res = app
        .rpc("/rpc/get_portal_settings", &[], Some(&support), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["can_edit"], false);
    for (path, form) in &SETTINGS_CALLS[1..] {
        let res = app.rpc(path, form, Some(&support), DEMO_HOST).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "support {path}");
    }

    let admin = app.login("admin@vendor.example").await;
    let res = app
        .rpc("/rpc/get_portal_settings", &[], Some(&admin), DEMO_HOST)
        .await;
    assert_eq!(res.json()["can_edit"], true);
    assert_eq!(res.json()["roles"].as_array().unwrap().len(), 5);

    // Staff of another vendor: their session is nothing here, and on their own host they
    // change their own account only.
    let other =
        service::testing::other_vendor(&app.db, "other", "owner@other.example", PASSWORD).await;
    service::testing::staff(
        &app.db,
        &service::testing::passwords(),
        other.account.id,
        "admin@other.example",
        StaffRole::Admin,
    )
    .await;
    let other_admin = app
        .login_on(
            "other.keyport.test",
            "admin@other.example",
            service::testing::TEST_PASSWORD,
        )
        .await;
    let before = demo_settings(&app).await;
    let res = app
        .rpc(
            "/rpc/update_portal_modes",
            &[],
            Some(&other_admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .rpc(
            "/rpc/update_portal_modes",
            &[],
            Some(&other_admin),
            "other.keyport.test",
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    assert_eq!(demo_settings(&app).await, before);
}

#[tokio::test]
async fn flipping_a_permission_off_makes_its_server_function_refuse() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let list = |cookie: String| {
        let app = &app;
        async move {
            app.rpc(
                "/rpc/list_licenses",
                &[("after", "")],
                Some(&cookie),
                DEMO_HOST,
            )
            .await
            .status
        }
    };
    assert_eq!(list(owner.clone()).await, StatusCode::OK);

    // The matrix: every owner permission but licenses.view.
    let grants: Vec<String> = Permission::ALL
        .iter()
        .filter(|p| **p != Permission::LicensesView)
        .map(|p| format!("owner:{}", p.id()))
        .collect();
    let form: Vec<(&str, &str)> = grants.iter().map(|g| ("grant[]", g.as_str())).collect();
    let res = app
        .rpc(
            "/rpc/update_permission_matrix",
            &form,
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    assert_eq!(list(owner.clone()).await, StatusCode::FORBIDDEN);
    let me = app
        .rpc("/rpc/get_current_user", &[], Some(&owner), DEMO_HOST)
        .await
        .json();
    assert!(
        !me["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "licenses.view")
    );
    let res = app
        .rpc("/rpc/reset_permission_matrix", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(ok(&res));
    assert_eq!(list(owner.clone()).await, StatusCode::OK);

    // The allowed actions: licenses.view disabled for everyone.
    let enabled: Vec<(&str, &str)> = Permission::ALL
        .iter()
        .filter(|p| **p != Permission::LicensesView)
        .map(|p| ("enabled[]", p.id()))
        .chain(Permission::ALL.iter().map(|p| ("visible[]", p.id())))
        .collect();
    let res = app
        .rpc(
            "/rpc/update_allowed_actions",
            &enabled,
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    assert_eq!(list(owner.clone()).await, StatusCode::FORBIDDEN);
    // The nav hides the link the user cannot follow.
    let page = app.get("/profile", Some(&owner)).await;
    assert!(
        !page.body.contains(r#"href="/licenses""#),
        "licenses link shown"
    );

    // A permission id that does not exist: a specific error, nothing changed.
    let before = demo_settings(&app).await;
    let res = app
        .rpc(
            "/rpc/update_permission_matrix",
            &[("grant[]", "owner:licenses.delete")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("licenses.delete"), "{}", res.body);
    assert_eq!(demo_settings(&app).await, before);
}

#[tokio::test]
async fn the_settings_page_renders_for_staff_and_not_for_customers() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let page = app.get("/vendor/settings/portal", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Portal settings",
        "Permission matrix",
        "Allowed customer actions",
        "Not available yet",
        "Reset to defaults",
        r#"name="grant[]""#,
    ] {
        assert!(page.body.contains(text), "missing {text}");
    }
    let owner = app.login("owner@acme.example").await;
    let page = app.get("/vendor/settings/portal", Some(&owner)).await;
    assert!(!page.body.contains("Permission matrix"));
}

#[tokio::test]
async fn with_the_portal_off_customers_cannot_sign_in_but_staff_can() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc(
            "/rpc/update_portal_modes",
            &[("portal_enabled", "on"), ("audit_portal_actions", "on")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    let res = app
        .rpc("/rpc/get_current_user", &[], Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "member@acme.example"), ("password", PASSWORD)],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("Customer sign-in is turned off"),
        "{}",
        res.body
    );
    app.login("admin@vendor.example").await;
}
