//! "Record customer actions in the audit log" (`audit_portal_actions`): off, a customer's
//! machine deactivation and profile edit leave no event; staff changes are still recorded;
//! sign-in events stay (login throttling counts failures from the log).

use app::api::machines::DeactivateMachine;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::{
    activations::{self, ActivationInput, ActivationMode},
    entities::{audit_event, organization, product},
    licenses::{self, NewLicense},
    testing::fingerprint,
};

use crate::helpers::{DEMO_HOST, PASSWORD, TestApp};

fn ok(res: &crate::helpers::Answer) -> bool {
    res.status.is_success() || res.status.is_redirection()
}

async fn count(app: &TestApp, action: &str, email: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .filter(audit_event::Column::ActorEmail.eq(email))
        .count(&app.db)
        .await
        .unwrap()
}

/// A machine on a new Acme license: the form that deactivates it.
async fn acme_machine(app: &TestApp, name: &str) -> Vec<(&'static str, String)> {
    let account_id = app.demo_account_id().await;
    let acme = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(account_id))
        .filter(organization::Column::Name.eq("Acme Corp"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let product_id = product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let new = NewLicense {
        product_id,
        organization_id: Some(acme.id),
        allowed_activations: Some(2),
        ..Default::default()
    };
    let (license_id, _) = licenses::create(&app.db, account_id, new).await.unwrap();
    let input = ActivationInput {
        fingerprint: fingerprint(name),
        hostname: name.into(),
        os: "Linux".into(),
        app_version: None,
        mode: ActivationMode::Online,
        client_pub: None,
    };
    let (activation_id, _) = activations::activate(&app.db, account_id, license_id, input, "api")
        .await
        .unwrap();
    vec![
        ("license_id", license_id.to_string()),
        ("activation_id", activation_id.to_string()),
    ]
}

async fn set_audit(app: &TestApp, admin: &str, on: bool) {
    let mut form = vec![("portal_enabled", "on"), ("logged_in_portal_enabled", "on")];
    if on {
        form.push(("audit_portal_actions", "on"));
    }
    let res = app
        .rpc("/rpc/update_portal_modes", &form, Some(admin), DEMO_HOST)
        .await;
    assert!(ok(&res), "{}", res.body);
}

async fn customer_acts(app: &TestApp, owner: &str, machine: &str) {
    let form = acme_machine(app, machine).await;
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app
        .rpc(DeactivateMachine::PATH, &form, Some(owner), DEMO_HOST)
        .await;
    assert!(ok(&res), "{} {}", res.status, res.body);
    let res = app
        .rpc(
            "/rpc/update_profile",
            &[
                ("first_name", "Olivia"),
                ("last_name", machine),
                ("email", "owner@acme.example"),
                ("current_password", PASSWORD),
            ],
            Some(owner),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{} {}", res.status, res.body);
}

#[tokio::test]
async fn with_audit_off_customer_actions_leave_no_event_and_staff_changes_still_do() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner_email = "owner@acme.example";
    let settings_events = count(&app, "settings.portal.update", "admin@vendor.example").await;

    set_audit(&app, &admin, false).await;
    assert_eq!(
        count(&app, "settings.portal.update", "admin@vendor.example").await,
        settings_events + 1,
        "the staff change that turned auditing off is itself recorded"
    );
    let owner = app.login(owner_email).await;
    customer_acts(&app, &owner, "quiet-1").await;
    assert_eq!(count(&app, "license.deactivate", owner_email).await, 0);
    assert_eq!(count(&app, "profile.update", owner_email).await, 0);
    // Sign-ins are security events: recorded whatever the setting.
    assert!(count(&app, "auth.login", owner_email).await >= 1);
    // A wrong password still counts towards throttling.
    let failed = app
        .rpc(
            "/rpc/login",
            &[("email", owner_email), ("password", "wrong password")],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
    let failures = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("auth.login"))
        .filter(audit_event::Column::Outcome.eq("failure"))
        .filter(audit_event::Column::ActorEmail.eq(owner_email))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(failures, 1);

    // A staff change made while auditing is off is recorded.
    let res = app
        .rpc("/rpc/update_catalog_defaults", &[], Some(&admin), DEMO_HOST)
        .await;
    assert!(ok(&res), "{}", res.body);
    assert_eq!(
        count(&app, "settings.portal.update", "admin@vendor.example").await,
        settings_events + 2
    );

    set_audit(&app, &admin, true).await;
    customer_acts(&app, &owner, "loud-1").await;
    assert_eq!(count(&app, "license.deactivate", owner_email).await, 1);
    assert_eq!(count(&app, "profile.update", owner_email).await, 1);
}
