//! The staff audit view: filters, keyset pages, CSV, and who may read it.

use chrono::{Duration, Utc};
use service::{
    ServiceError,
    audit::{self, AuditEntry, AuditFilter, Outcome},
    permissions::{CustomerRole, StaffRole},
    testing::{self, customer, organization, passwords, staff},
};
use uuid::Uuid;

#[tokio::test]
async fn staff_filter_page_and_export_the_accounts_events() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "audit").await.id;
    let other = testing::account(&db, "audit-other").await.id;
    let acme = organization(&db, a, "Acme").await;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let owner = customer(
        &db,
        &pw,
        a,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(acme),
    )
    .await;
    let event =
        |account: Uuid, email: &'static str, org: Option<Uuid>, action: &'static str| AuditEntry {
            account_id: account,
            actor_user_id: None,
            actor_email: email,
            organization_id: org,
            action,
            target_type: "license",
            target_id: "t".into(),
            outcome: Outcome::Success,
            ip: None,
            details: serde_json::json!({"note": "=SUM(A1)"}),
        };
    for _ in 0..5 {
        audit::record(&db, event(a, "owner@acme.test", Some(acme), "license.view"))
            .await
            .unwrap();
    }
    audit::record(
        &db,
        event(a, "admin@vendor.test", None, "settings.portal.update"),
    )
    .await
    .unwrap();
    audit::record(&db, event(other, "x@other.test", None, "license.view"))
        .await
        .unwrap();

    let all = AuditFilter::default();
    let (rows, next) = audit::search(&db, &admin, &all, None, 100).await.unwrap();
    assert_eq!(rows.len(), 6, "the other account's event is not shown");
    assert!(next.is_none());

    let by_org = AuditFilter {
        organization_id: Some(acme),
        ..Default::default()
    };
    let (first, next) = audit::search(&db, &admin, &by_org, None, 3).await.unwrap();
    assert_eq!(first.len(), 3);
    let (second, last) = audit::search(&db, &admin, &by_org, next, 3).await.unwrap();
    assert_eq!(second.len(), 2);
    assert!(last.is_none());
    assert!(first.iter().all(|r| second.iter().all(|s| s.id < r.id)));

    let by_actor = AuditFilter {
        actor_email: Some(" Admin@Vendor.test ".into()),
        action: Some("settings.".into()),
        ..Default::default()
    };
    let (rows, _) = audit::search(&db, &admin, &by_actor, None, 10)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let future = AuditFilter {
        from: Some(Utc::now() + Duration::days(1)),
        ..Default::default()
    };
    assert!(
        audit::search(&db, &admin, &future, None, 10)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    let past = AuditFilter {
        until: Some(Utc::now() - Duration::days(1)),
        ..Default::default()
    };
    assert!(
        audit::search(&db, &admin, &past, None, 10)
            .await
            .unwrap()
            .0
            .is_empty()
    );

    let csv = audit::to_csv(&rows);
    assert!(csv.starts_with("time,actor,action,"));
    assert!(csv.contains(r#""{""note"":""=SUM(A1)""}""#), "{csv}");
    assert_eq!(csv.lines().count(), 2);

    assert!(matches!(
        audit::search(&db, &owner, &all, None, 10).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        audit::organizations(&db, &owner).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(
        audit::organizations(&db, &admin).await.unwrap(),
        vec![(acme, "Acme".to_owned())]
    );
}

#[test]
fn csv_cells_that_look_like_formulas_are_defused() {
    let row = service::audit::AuditRow {
        id: Uuid::now_v7(),
        actor_email: "=cmd|' /C calc'!A0".into(),
        action: "a,b".into(),
        target_type: "x".into(),
        target_id: "say \"hi\"".into(),
        outcome: "success".into(),
        ip: None,
        details: "{}".into(),
        created_at: Utc::now(),
    };
    let csv = audit::to_csv(&[row]);
    let line = csv.lines().nth(1).unwrap();
    assert!(line.contains(",'=cmd|' /C calc'!A0,"), "{line}");
    assert!(line.contains(",\"a,b\","), "{line}");
    assert!(line.contains(",\"say \"\"hi\"\"\","), "{line}");
}
