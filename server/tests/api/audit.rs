//! Sign-ins, sign-outs and profile changes leave audit events with actor, IP and outcome.

use crate::helpers::{CLIENT_IP, DEMO_HOST, PASSWORD, TestApp};
use service::{Scope, audit::AuditRow};

/// Every audit event of the demo account, newest first, as vendor staff see them.
async fn events(app: &TestApp, staff_cookie: &str) -> Vec<AuditRow> {
    let token = staff_cookie.split_once('=').expect("name=value").1;
    let account = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .expect("demo account");
    let staff = service::auth::session(&app.db, account.id, token)
        .await
        .unwrap()
        .expect("staff session");
    let (rows, _) = service::audit::list(&app.db, &Scope::of(&staff), None, 100)
        .await
        .unwrap();
    rows
}

fn find<'a>(rows: &'a [AuditRow], action: &str, email: &str, outcome: &str) -> &'a AuditRow {
    rows.iter()
        .find(|r| r.action == action && r.actor_email == email && r.outcome == outcome)
        .unwrap_or_else(|| panic!("no {outcome} {action} event for {email}"))
}

#[tokio::test]
async fn sign_in_sign_out_and_profile_changes_are_audited_with_actor_ip_and_outcome() {
    let app = TestApp::new().await;
    let failed = app
        .rpc(
            "/rpc/login",
            &[
                ("email", "solo@example.com"),
                ("password", "wrong password"),
            ],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(failed.status, 401);
    let cookie = app.login("solo@example.com").await;
    let res = app
        .rpc(
            "/rpc/update_profile",
            &[
                ("first_name", "Samantha"),
                ("last_name", "Solo"),
                ("email", "solo@example.com"),
                ("current_password", PASSWORD),
            ],
            Some(&cookie),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let res = app
        .rpc(
            "/rpc/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "correct horse battery"),
            ],
            Some(&cookie),
            DEMO_HOST,
        )
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    app.rpc("/rpc/logout", &[], Some(&cookie), DEMO_HOST).await;

    let admin = app.login("admin@vendor.example").await;
    let rows = events(&app, &admin).await;
    let failure = find(&rows, "auth.login", "solo@example.com", "failure");
    assert_eq!(failure.ip.as_deref(), Some(CLIENT_IP));
    let success = find(&rows, "auth.login", "solo@example.com", "success");
    assert_eq!(success.ip.as_deref(), Some(CLIENT_IP));
    let update = find(&rows, "profile.update", "solo@example.com", "success");
    assert!(
        update.details.contains("Samantha"),
        "before/after: {}",
        update.details
    );
    assert!(
        !update.details.contains(PASSWORD),
        "a password in the audit log"
    );
    let change = find(
        &rows,
        "profile.password_change",
        "solo@example.com",
        "success",
    );
    assert!(
        !change.details.contains("correct horse"),
        "a password in the audit log"
    );
    find(&rows, "auth.logout", "solo@example.com", "success");
}
