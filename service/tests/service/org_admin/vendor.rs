//! Vendor admins manage organizations from the console (`service::vendor_orgs`): clear errors,
//! nothing changed on refusal, the org admin's contact rule and invitation flow, always audited.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::{
    ServiceError,
    entities::{audit_event, organization},
    org_admin,
    permissions::StaffRole,
    portal::{self, ModesInput},
    testing::staff,
    vendor_orgs,
};
use uuid::Uuid;

use super::{URL, invitation, secret, world};

fn field_error(res: &Result<impl std::fmt::Debug, ServiceError>, field: &str) -> String {
    match res {
        Err(ServiceError::Invalid(e)) if e[0].field == field => e[0].message.clone(),
        other => panic!("expected an error on {field}: {other:?}"),
    }
}

async fn org(w: &super::World, id: Uuid) -> organization::Model {
    organization::Entity::find_by_id(id)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn staff_create_and_edit_organizations_with_specific_errors() {
    let w = world().await;
    let support = staff(
        &w.db,
        &w.pw,
        w.account,
        "support@vendor.test",
        StaffRole::Support,
    )
    .await;
    let id = vendor_orgs::create(&w.db, &w.staff, "  Initech  ", Some(10), None)
        .await
        .unwrap();
    assert_eq!(org(&w, id).await.name, "Initech");
    let res = vendor_orgs::create(&w.db, &w.staff, " ", None, None).await;
    field_error(&res, "name");

    let before = org(&w, w.acme).await;
    // Acme has three users (owner, member, viewer).
    let res = vendor_orgs::update(&w.db, &w.staff, w.acme, "Acme", Some(2), None).await;
    let message = field_error(&res, "allowed_users");
    assert!(message.contains("has 3 users"), "{message}");
    let res = vendor_orgs::update(&w.db, &w.staff, w.acme, "", Some(5), None).await;
    field_error(&res, "name");
    for who in [&support, &w.owner] {
        assert!(matches!(
            vendor_orgs::update(&w.db, who, w.acme, "Mine", None, None).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            vendor_orgs::create(&w.db, who, "Mine", None, None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        vendor_orgs::list(&w.db, &w.owner).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(org(&w, w.acme).await, before, "nothing changed on refusal");

    vendor_orgs::update(&w.db, &w.staff, w.acme, "Acme Corp", Some(3), None)
        .await
        .unwrap();
    let rows = vendor_orgs::list(&w.db, &support).await.unwrap();
    let acme = rows.iter().find(|o| o.id == w.acme).unwrap();
    assert_eq!(
        (acme.name.as_str(), acme.allowed_users, acme.users),
        ("Acme Corp", Some(3), 3)
    );
    assert_eq!(acme.owners.len(), 1);
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("organization.update"))
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    let details: serde_json::Value = serde_json::from_str(&event.details).unwrap();
    assert_eq!(
        details["before"],
        serde_json::json!({"name": "Acme", "allowed_users": 5})
    );
    assert_eq!(
        details["after"],
        serde_json::json!({"name": "Acme Corp", "allowed_users": 3})
    );
}

#[tokio::test]
async fn staff_set_contacts_among_owners_and_invite_through_the_outbox() {
    let w = world().await;
    // Staff changes are recorded even with customer-action auditing off.
    let modes = ModesInput {
        portal_enabled: true,
        logged_in_portal_enabled: true,
        audit_portal_actions: false,
        ..Default::default()
    };
    portal::update_modes(&w.db, &w.staff, modes, None)
        .await
        .unwrap();

    let member = w.member.user_id();
    let res = vendor_orgs::set_contacts(&w.db, &w.staff, w.acme, member, None).await;
    field_error(&res, "primary_contact_id");
    let foreign = w.globex_owner.user_id();
    let res = vendor_orgs::set_contacts(&w.db, &w.staff, w.acme, foreign, None).await;
    field_error(&res, "primary_contact_id");
    let res = vendor_orgs::set_contacts(&w.db, &w.staff, w.acme, Uuid::now_v7(), None).await;
    field_error(&res, "primary_contact_id");
    assert_eq!(org(&w, w.acme).await.primary_contact_id, None);
    let owner = w.owner.user_id();
    vendor_orgs::set_contacts(&w.db, &w.staff, w.acme, owner, None)
        .await
        .unwrap();
    assert_eq!(org(&w, w.acme).await.primary_contact_id, Some(owner));
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("organization.contacts"))
        .one(&w.db)
        .await
        .unwrap()
        .expect("a staff change is always audited");
    assert_eq!(event.actor_email, "admin@vendor.test");

    let outbox = w.outbox_count().await;
    let id = vendor_orgs::invite(
        &w.db,
        &w.pw,
        &w.staff,
        w.acme,
        invitation("new@acme.test", "owner"),
        URL,
    )
    .await
    .unwrap();
    assert_eq!(w.outbox_count().await, outbox + 1);
    let token = w.token_for("new@acme.test").await;
    let accepted = org_admin::accept(&w.db, &w.pw, w.account, &token, &secret("a-new-password-1"))
        .await
        .unwrap();
    assert_eq!(accepted, id);
    // Another vendor's organization is unknown here.
    let other = service::testing::account(&w.db, "other").await.id;
    let theirs = service::testing::organization(&w.db, other, "Theirs").await;
    assert!(matches!(
        vendor_orgs::invite(
            &w.db,
            &w.pw,
            &w.staff,
            theirs,
            invitation("x@theirs.test", "member"),
            URL
        )
        .await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        vendor_orgs::set_contacts(&w.db, &w.staff, theirs, owner, None).await,
        Err(ServiceError::NotFound)
    ));
}
