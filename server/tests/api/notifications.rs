//! Notifications over HTTP: a suspension reaches the license's people in the portal (and
//! only them), the header counts the unread ones, marking read is each user's own, and the
//! settings are the vendor admin's.

use crate::helpers::{DEMO_HOST, TestApp};
use app::api::{
    notifications::{
        GetMyNotificationPreferences, GetNotificationDefaults, GetUnreadNotifications,
        ListNotifications, MarkAllNotificationsRead, MarkNotificationRead,
        SaveMyNotificationPreferences, SaveNotificationDefaults,
    },
    vendor_licenses::ChangeLicenseStatus,
};
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;

fn path<F: ServerFn>() -> &'static str {
    F::PATH
}

async fn items(app: &TestApp, cookie: &str) -> Vec<serde_json::Value> {
    let res = app
        .rpc(
            path::<ListNotifications>(),
            &[("after", "")],
            Some(cookie),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["items"].as_array().unwrap().clone()
}

async fn unread(app: &TestApp, cookie: &str) -> i64 {
    app.rpc(
        path::<GetUnreadNotifications>(),
        &[],
        Some(cookie),
        DEMO_HOST,
    )
    .await
    .json()
    .as_i64()
    .unwrap()
}

#[tokio::test]
async fn a_suspension_reaches_the_owner_only_and_each_user_reads_their_own() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let member = app.login("member@acme.example").await;
    let globex = app.login("owner@globex.example").await;

    // An active Acme license.
    let mut target = None;
    for (id, _) in app.license_ids(&owner, DEMO_HOST).await {
        let detail = app
            .rpc("/rpc/get_license", &[("id", &id)], Some(&owner), DEMO_HOST)
            .await
            .json();
        if detail["row"]["status"] == "Active" {
            target = Some(id);
            break;
        }
    }
    let id = target.expect("an active Acme license");
    app.rpc(
        path::<MarkAllNotificationsRead>(),
        &[],
        Some(&owner),
        DEMO_HOST,
    )
    .await;
    assert_eq!(unread(&app, &owner).await, 0);

    let res = app
        .rpc(
            path::<ChangeLicenseStatus>(),
            &[("id", &id), ("change", "suspend")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );

    let link = format!("/licenses/{id}");
    let mine = items(&app, &owner).await;
    let note = mine
        .iter()
        .find(|n| n["link"] == link.as_str())
        .expect("the owner is told");
    assert!(
        note["title"]
            .as_str()
            .unwrap()
            .starts_with("License suspended")
    );
    assert_eq!(note["unread"], true);
    assert_eq!(unread(&app, &owner).await, 1);
    let page = app.get("/", Some(&owner)).await;
    assert!(
        page.body.contains("data-testid=\"unread-count\""),
        "no badge in the header"
    );
    let page = app.get("/notifications", Some(&owner)).await;
    assert!(page.body.contains("License suspended"));

    // Another organization's owner never sees it, and nobody marks another user's.
    assert!(
        items(&app, &globex)
            .await
            .iter()
            .all(|n| n["link"] != link.as_str())
    );
    let note_id = note["id"].as_str().unwrap().to_owned();
    for cookie in [&member, &globex, &admin] {
        let res = app
            .rpc(
                path::<MarkNotificationRead>(),
                &[("id", &note_id)],
                Some(cookie),
                DEMO_HOST,
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    }
    assert_eq!(unread(&app, &owner).await, 1);
    let res = app
        .rpc(
            path::<MarkNotificationRead>(),
            &[("id", &note_id)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert!(res.status.is_success() || res.status.is_redirection());
    assert_eq!(unread(&app, &owner).await, 0);
    let page = app.get("/", Some(&owner)).await;
    assert!(!page.body.contains("data-testid=\"unread-count\""));

    // Signed out: nothing.
    let res = app
        .rpc(
            path::<ListNotifications>(),
            &[("after", "")],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn defaults_are_the_vendor_admins_and_preferences_the_customers_own() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let support = app.login("support@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let save = [("channel[]", "license_expired_or_suspended:email")];

    let res = app
        .rpc(
            path::<GetNotificationDefaults>(),
            &[],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    for cookie in [&owner, &support] {
        let res = app
            .rpc(
                path::<SaveNotificationDefaults>(),
                &save,
                Some(cookie),
                DEMO_HOST,
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
    let defaults = app
        .rpc(
            path::<GetNotificationDefaults>(),
            &[],
            Some(&support),
            DEMO_HOST,
        )
        .await
        .json();
    assert_eq!(defaults["can_edit"], false);
    let offer = defaults["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "offer_sent")
        .unwrap()
        .clone();
    assert_eq!(offer["available"], false);
    let page = app
        .get("/vendor/settings/notifications", Some(&admin))
        .await;
    assert!(page.body.contains("Coming soon"));

    let bad = [("channel[]", "offer_sent:pigeon")];
    let res = app
        .rpc(
            path::<SaveNotificationDefaults>(),
            &bad,
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("offer_sent:pigeon"), "{}", res.body);
    let res = app
        .rpc(
            path::<SaveNotificationDefaults>(),
            &save,
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );

    // The customer sees the new default, and overrides it for themselves.
    let prefs = app
        .rpc(
            path::<GetMyNotificationPreferences>(),
            &[],
            Some(&owner),
            DEMO_HOST,
        )
        .await
        .json();
    let row = |prefs: &serde_json::Value| {
        prefs
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "license_expired_or_suspended")
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            row(&prefs)["email"].clone(),
            row(&prefs)["in_portal"].clone()
        ),
        (true.into(), false.into())
    );
    let res = app
        .rpc(
            path::<SaveMyNotificationPreferences>(),
            &[("channel[]", "license_expired_or_suspended:in_portal")],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let prefs = app
        .rpc(
            path::<GetMyNotificationPreferences>(),
            &[],
            Some(&owner),
            DEMO_HOST,
        )
        .await
        .json();
    assert_eq!(row(&prefs)["own"], true);
    assert_eq!(row(&prefs)["in_portal"], true);
    assert_eq!(row(&prefs)["email"], false);
    // Staff have no preferences of their own to set.
    let res = app
        .rpc(
            path::<GetMyNotificationPreferences>(),
            &[],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let page = app.get("/profile", Some(&owner)).await;
    assert!(
        page.body.contains("Notification preferences")
            || page.body.contains("Save notification preferences")
    );
}
