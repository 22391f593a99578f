//! The organization's pages at scale (issue 13): every list is a page, every page is walked
//! to the end with no row twice and none skipped, searches included, and another
//! organization's rows or ids never show.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait};
use service::{
    ServiceError,
    entities::{license, user},
    org_admin::{
        self, GROUP_PAGE, GROUPS_PAGE, LICENSE_MATCHES, PEOPLE_MATCHES, PREVIEW, USERS_PAGE,
    },
    testing,
};
use uuid::Uuid;

use super::{World, world};

/// Inserts a customer of `org` (no password: nobody signs in as them).
async fn person(w: &World, org: Uuid, email: &str, first: &str, last: &str) -> Uuid {
    let id = Uuid::now_v7();
    let now = Utc::now();
    user::Entity::insert(user::ActiveModel {
        id: Set(id),
        account_id: Set(w.account),
        kind: Set(user::KIND_CUSTOMER.into()),
        staff_role: Set(None),
        customer_role: Set(Some("member".into())),
        organization_id: Set(Some(org)),
        email: Set(email.into()),
        first_name: Set(first.into()),
        last_name: Set(last.into()),
        password_hash: Set(String::new()),
        status: Set(user::STATUS_ACTIVE.into()),
        last_login_at: Set(None),
        created_at: Set(now),
        unread_notifications: Set(0),
        updated_at: Set(now),
    })
    .exec_without_returning(&w.db)
    .await
    .unwrap();
    id
}

fn globex(w: &World) -> Uuid {
    w.globex_owner.organization_id().unwrap()
}

/// Every email `q` finds on `/org/users`, page by page; panics on a repeated row or a page
/// over the page size.
async fn walk_users(w: &World, q: &str) -> Vec<String> {
    let (mut seen, mut after, mut pages) = (Vec::new(), None, 0);
    loop {
        let page = org_admin::list_users(&w.db, &w.owner, q, after)
            .await
            .unwrap();
        assert!(page.users.len() as u64 <= USERS_PAGE);
        seen.extend(page.users.into_iter().map(|u| u.email));
        pages += 1;
        assert!(pages < 100, "the pages never end");
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a user shown twice: {seen:?}");
    seen
}

#[tokio::test]
async fn users_are_paged_by_email_with_and_without_search() {
    let w = world().await;
    // The world's users have their builder's names: read them rather than guess.
    let mut acme: Vec<(String, String, String)> = Vec::new();
    for u in org_admin::list_users(&w.db, &w.owner, "", None)
        .await
        .unwrap()
        .users
    {
        acme.push((u.email, u.first_name, u.last_name));
    }
    for i in 0..60 {
        let (first, last) = if i % 3 == 0 {
            ("Ann", "Lee")
        } else {
            ("Bob", "Annex")
        };
        let email = format!("p{i:02}@acme.test");
        person(&w, w.acme, &email, &format!("{first}{i}"), last).await;
        acme.push((email, format!("{first}{i}"), last.into()));
    }
    // Globex's people match the same searches: they must never show.
    for i in 0..30 {
        person(
            &w,
            globex(&w),
            &format!("p{i:02}x@globex.test"),
            "Ann",
            "Lee",
        )
        .await;
    }
    let expect = |q: &str| -> Vec<String> {
        let q = q.to_ascii_lowercase();
        let mut v: Vec<String> = acme
            .iter()
            .filter(|(e, f, l)| {
                e.starts_with(&q)
                    || format!("{f} {l}").to_ascii_lowercase().starts_with(&q)
                    || l.to_ascii_lowercase().starts_with(&q)
            })
            .map(|(e, ..)| e.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        walk_users(&w, "").await,
        expect(""),
        "63 users over 3 pages"
    );
    assert_eq!(expect("").len(), 63);
    // Email prefix; full-name prefix (any case); last-name prefix; "ann" is both a first and
    // a last name here, so one user can match twice and must show once.
    for q in [
        "p1", "P0", "ann", "ANN1", "ann 1", "lee", "annex", "bob2 ann", "nobody",
    ] {
        assert_eq!(walk_users(&w, q).await, expect(q), "search {q:?}");
    }
    assert!(
        expect("ann").len() > USERS_PAGE as usize,
        "the search spans pages"
    );

    // A cursor from another organization, or from nowhere, finds nothing.
    let foreign = person(&w, globex(&w), "zz@globex.test", "Zed", "Zed").await;
    for after in [foreign, Uuid::now_v7()] {
        let page = org_admin::list_users(&w.db, &w.owner, "", Some(after))
            .await
            .unwrap();
        assert!(page.users.is_empty() && page.next.is_none());
    }
    // Searches are bounded and checked.
    let long = "a".repeat(101);
    assert!(matches!(
        org_admin::list_users(&w.db, &w.owner, &long, None).await,
        Err(ServiceError::Invalid(_))
    ));
    // The contacts' choice is the active Owners only.
    let page = org_admin::list_users(&w.db, &w.owner, "", None)
        .await
        .unwrap();
    assert_eq!(
        page.owners.iter().map(|o| o.0).collect::<Vec<_>>(),
        vec![w.owner.user_id()]
    );
}

#[tokio::test]
async fn people_to_add_are_a_bounded_search_of_the_organization() {
    let w = world().await;
    for i in 0..30 {
        person(&w, w.acme, &format!("ann{i:02}@acme.test"), "Ann", "Lee").await;
        person(
            &w,
            globex(&w),
            &format!("ann{i:02}@globex.test"),
            "Ann",
            "Lee",
        )
        .await;
    }
    let found = org_admin::search_people(&w.db, &w.owner, "ann")
        .await
        .unwrap();
    assert_eq!(found.len() as u64, PEOPLE_MATCHES);
    assert!(found.iter().all(|(_, _, e)| e.ends_with("@acme.test")));
    let found = org_admin::search_people(&w.db, &w.owner, "ann29@")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert!(matches!(
        org_admin::search_people(&w.db, &w.viewer, "").await,
        Err(ServiceError::Forbidden)
    ));
}

#[tokio::test]
async fn groups_members_and_licenses_are_paged_and_stay_in_their_organization() {
    let w = world().await;
    let product = testing::product(&w.db, w.account, "Studio").await;
    let mut names = Vec::new();
    let mut ids = Vec::new();
    for i in 0..12 {
        let name = format!("Team {i:02}");
        ids.push(
            org_admin::create_group(&w.db, &w.owner, &name, "")
                .await
                .unwrap(),
        );
        names.push(name);
    }
    let foreign_group = org_admin::create_group(&w.db, &w.globex_owner, "Team 00", "")
        .await
        .unwrap();
    let big = ids[0];
    let mut members = Vec::new();
    for i in 0..30 {
        let u = person(&w, w.acme, &format!("m{i:02}@acme.test"), "M", "M").await;
        org_admin::add_member(&w.db, &w.owner, big, u)
            .await
            .unwrap();
        members.push(u);
    }
    let mut linked = Vec::new();
    for _ in 0..30 {
        let l = testing::org_license(&w.db, w.account, product, w.acme, &[big]).await;
        linked.push(l);
    }

    // Groups, a page of 10 at a time, by name.
    let (mut seen, mut after) = (Vec::new(), None);
    loop {
        let page = org_admin::groups_page(&w.db, &w.owner, after)
            .await
            .unwrap();
        assert!(page.groups.len() as u64 <= GROUPS_PAGE);
        for g in &page.groups {
            assert!(g.members.len() as u64 <= PREVIEW && g.licenses.len() as u64 <= PREVIEW);
        }
        seen.extend(page.groups.iter().map(|g| (g.id, g.name.clone())));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.iter().map(|g| g.1.clone()).collect::<Vec<_>>(), names);
    assert!(seen.iter().all(|g| g.0 != foreign_group));
    let first = org_admin::groups_page(&w.db, &w.owner, None).await.unwrap();
    let g = &first.groups[0];
    assert_eq!((g.id, g.member_count, g.license_count), (big, 30, 30));
    assert_eq!(
        g.members.iter().map(|m| m.id).collect::<Vec<_>>(),
        members[..5]
    );

    // One group's members and licenses, 25 at a time, each once (each list has its cursor).
    let (mut got_members, mut after) = (Vec::new(), None);
    loop {
        let d = org_admin::group_detail(&w.db, &w.owner, big, after, None)
            .await
            .unwrap();
        assert!(d.members.len() as u64 <= GROUP_PAGE && d.licenses.len() as u64 <= GROUP_PAGE);
        got_members.extend(d.members.iter().map(|m| m.id));
        match d.members_next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let (mut got_licenses, mut after) = (Vec::new(), None);
    loop {
        let d = org_admin::group_detail(&w.db, &w.owner, big, None, after)
            .await
            .unwrap();
        got_licenses.extend(d.licenses.iter().map(|l| l.id));
        match d.licenses_next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(
        got_members, members,
        "members in the order they were created"
    );
    let mut newest_first = linked.clone();
    newest_first.sort();
    newest_first.reverse();
    assert_eq!(got_licenses, newest_first, "licenses newest first");

    // Another organization's group, as a page or as a cursor.
    assert!(matches!(
        org_admin::group_detail(&w.db, &w.owner, foreign_group, None, None).await,
        Err(ServiceError::NotFound)
    ));
    let page = org_admin::groups_page(&w.db, &w.owner, Some(foreign_group))
        .await
        .unwrap();
    assert!(page.groups.is_empty() && page.next.is_none());
    assert!(matches!(
        org_admin::groups_page(&w.db, &w.member, None).await,
        Err(ServiceError::Forbidden)
    ));
}

#[tokio::test]
async fn licenses_to_link_are_found_by_key_prefix_or_product() {
    let w = world().await;
    let studio = testing::product(&w.db, w.account, "Studio").await;
    let cloud = testing::product(&w.db, w.account, "Cloud").await;
    let mut acme = Vec::new();
    for i in 0..25 {
        let product = if i < 5 { cloud } else { studio };
        acme.push(testing::org_license(&w.db, w.account, product, w.acme, &[]).await);
    }
    let other = testing::org_license(&w.db, w.account, studio, globex(&w), &[]).await;
    let key_of = |id: Uuid| {
        let db = w.db.clone();
        async move {
            license::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .key
        }
    };

    let any = org_admin::search_licenses(&w.db, &w.owner, "", None)
        .await
        .unwrap();
    assert_eq!(any.len() as u64, LICENSE_MATCHES, "bounded");
    assert!(any.iter().all(|l| acme.contains(&l.id)));

    let key = key_of(acme[7]).await;
    let found = org_admin::search_licenses(&w.db, &w.owner, &key[..14].to_lowercase(), None)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|l| l.id).collect::<Vec<_>>(),
        vec![acme[7]]
    );
    assert_eq!(found[0].product_name, "Studio");

    let clouds = org_admin::search_licenses(&w.db, &w.owner, "", Some(cloud))
        .await
        .unwrap();
    let mut expect = acme[..5].to_vec();
    expect.sort();
    let mut got: Vec<Uuid> = clouds.iter().map(|l| l.id).collect();
    got.sort();
    assert_eq!(got, expect);

    // Another organization's license is never offered, even by its exact key.
    let foreign = key_of(other).await;
    assert!(
        org_admin::search_licenses(&w.db, &w.owner, &foreign, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        org_admin::search_licenses(&w.db, &w.owner, "KP%", None).await,
        Err(ServiceError::Invalid(_))
    ));
}
