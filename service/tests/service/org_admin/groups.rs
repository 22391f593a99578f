use sea_orm::{EntityTrait, PaginatorTrait};
use service::{
    ServiceError,
    entities::{group_membership, license_group},
    licenses::{self, LicenseFilter},
    org_admin,
    principal::{Principal, Scope},
    testing,
};
use uuid::Uuid;

use super::world;

async fn visible(db: &service::Db, who: &Principal) -> Vec<Uuid> {
    licenses::list(db, &Scope::of(who), LicenseFilter::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn groups_are_created_renamed_and_deleted_once_each_audited() {
    let w = world().await;
    let audit = w.audit_count().await;
    let g = org_admin::create_group(&w.db, &w.owner, " Engineering ", "Builds")
        .await
        .unwrap();
    let dup = org_admin::create_group(&w.db, &w.owner, "Engineering", "").await;
    assert!(
        matches!(&dup, Err(ServiceError::Conflict(e)) if e[0].field == "name"),
        "{dup:?}"
    );
    for bad in ["", &"g".repeat(201)] {
        let r = org_admin::create_group(&w.db, &w.owner, bad, "").await;
        assert!(matches!(&r, Err(ServiceError::Invalid(e)) if e[0].field == "name"));
    }
    org_admin::update_group(&w.db, &w.owner, g, "R&D", "Research")
        .await
        .unwrap();
    let groups = org_admin::list_groups(&w.db, &w.owner).await.unwrap();
    assert_eq!(
        (groups[0].name.as_str(), groups[0].description.as_str()),
        ("R&D", "Research")
    );
    assert!(
        org_admin::list_groups(&w.db, &w.globex_owner)
            .await
            .unwrap()
            .is_empty()
    );
    org_admin::delete_group(&w.db, &w.owner, g).await.unwrap();
    assert!(
        org_admin::list_groups(&w.db, &w.owner)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(w.audit_count().await, audit + 3);
    assert!(matches!(
        org_admin::create_group(&w.db, &w.member, "Nope", "").await,
        Err(ServiceError::Forbidden)
    ));
}

#[tokio::test]
async fn members_move_between_groups_and_see_linked_licenses() {
    let w = world().await;
    let product = testing::product(&w.db, w.account, "Studio").await;
    let lic = testing::org_license(&w.db, w.account, product, w.acme, &[]).await;
    let eng = org_admin::create_group(&w.db, &w.owner, "Engineering", "")
        .await
        .unwrap();
    let ops = org_admin::create_group(&w.db, &w.owner, "Ops", "")
        .await
        .unwrap();
    let m = w.member.user_id();
    assert!(visible(&w.db, &w.member).await.is_empty());

    org_admin::add_member(&w.db, &w.owner, eng, m)
        .await
        .unwrap();
    let again = org_admin::add_member(&w.db, &w.owner, eng, m).await;
    assert!(matches!(again, Err(ServiceError::Conflict(_))));
    org_admin::link_license(&w.db, &w.owner, eng, lic)
        .await
        .unwrap();
    assert_eq!(
        visible(&w.db, &w.member).await,
        vec![lic],
        "seen through the group"
    );
    assert!(visible(&w.db, &w.viewer).await.is_empty());

    // Moving = remove + add: the license goes with the old group.
    org_admin::remove_member(&w.db, &w.owner, eng, m)
        .await
        .unwrap();
    org_admin::add_member(&w.db, &w.owner, ops, m)
        .await
        .unwrap();
    assert!(visible(&w.db, &w.member).await.is_empty());
    org_admin::link_license(&w.db, &w.owner, ops, lic)
        .await
        .unwrap();
    assert_eq!(visible(&w.db, &w.member).await, vec![lic]);
    org_admin::unlink_license(&w.db, &w.owner, ops, lic)
        .await
        .unwrap();
    assert!(visible(&w.db, &w.member).await.is_empty(), "unlinked: gone");

    // A direct assignment works the same way.
    org_admin::assign_license(&w.db, &w.owner, lic, Some(w.viewer.user_id()))
        .await
        .unwrap();
    assert_eq!(visible(&w.db, &w.viewer).await, vec![lic]);
    org_admin::assign_license(&w.db, &w.owner, lic, None)
        .await
        .unwrap();
    assert!(visible(&w.db, &w.viewer).await.is_empty());
}

#[tokio::test]
async fn another_organizations_ids_are_not_found_and_nothing_changes() {
    let w = world().await;
    let product = testing::product(&w.db, w.account, "Studio").await;
    let globex = w.globex_owner.organization_id().unwrap();
    let theirs_license = testing::org_license(&w.db, w.account, product, globex, &[]).await;
    let theirs_group = org_admin::create_group(&w.db, &w.globex_owner, "Theirs", "")
        .await
        .unwrap();
    let mine = org_admin::create_group(&w.db, &w.owner, "Mine", "")
        .await
        .unwrap();
    let my_license = testing::org_license(&w.db, w.account, product, w.acme, &[]).await;
    let (audit, members, links) = (
        w.audit_count().await,
        group_membership::Entity::find().count(&w.db).await.unwrap(),
        license_group::Entity::find().count(&w.db).await.unwrap(),
    );
    let outsider = w.globex_owner.user_id();
    let results = [
        org_admin::add_member(&w.db, &w.owner, mine, outsider).await,
        org_admin::add_member(&w.db, &w.owner, theirs_group, w.member.user_id()).await,
        org_admin::remove_member(&w.db, &w.owner, theirs_group, outsider).await,
        org_admin::update_group(&w.db, &w.owner, theirs_group, "Hijacked", "").await,
        org_admin::delete_group(&w.db, &w.owner, theirs_group).await,
        org_admin::link_license(&w.db, &w.owner, mine, theirs_license).await,
        org_admin::link_license(&w.db, &w.owner, theirs_group, my_license).await,
        org_admin::unlink_license(&w.db, &w.owner, theirs_group, theirs_license).await,
        org_admin::assign_license(&w.db, &w.owner, theirs_license, Some(w.member.user_id())).await,
        org_admin::assign_license(&w.db, &w.owner, my_license, Some(outsider)).await,
        org_admin::add_member(&w.db, &w.owner, Uuid::now_v7(), w.member.user_id()).await,
    ];
    for (i, r) in results.iter().enumerate() {
        assert!(matches!(r, Err(ServiceError::NotFound)), "case {i}: {r:?}");
    }
    assert_eq!(w.audit_count().await, audit);
    assert_eq!(
        group_membership::Entity::find().count(&w.db).await.unwrap(),
        members
    );
    assert_eq!(
        license_group::Entity::find().count(&w.db).await.unwrap(),
        links
    );
    let g = org_admin::list_groups(&w.db, &w.globex_owner)
        .await
        .unwrap();
    assert_eq!(g[0].name, "Theirs");
    for r in [
        org_admin::link_license(&w.db, &w.member, mine, my_license).await,
        org_admin::add_member(&w.db, &w.viewer, mine, w.member.user_id()).await,
    ] {
        assert!(matches!(r, Err(ServiceError::Forbidden)), "{r:?}");
    }
}
