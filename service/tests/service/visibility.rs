//! Who sees which licenses, by list and by id.

use service::{
    Db, ServiceError,
    licenses::{self, LicenseFilter},
    permissions::{CustomerRole, StaffRole},
    principal::{Principal, Scope},
    testing::{
        self, customer, group, org_license, organization, passwords, product, staff, user_license,
    },
};
use uuid::Uuid;

async fn visible_ids(db: &Db, who: &Principal) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = licenses::list(db, &Scope::of(who), LicenseFilter::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

struct World {
    db: Db,
    owner: Principal,
    member: Principal,
    viewer: Principal,
    outsider: Principal,
    solo: Principal,
    other_org_owner: Principal,
    other_account_staff: Principal,
    staff: Principal,
    eng_license: Uuid,
    design_license: Uuid,
    unlinked_license: Uuid,
    member_direct: Uuid,
    solo_license: Uuid,
    other_org_license: Uuid,
    other_account_license: Uuid,
}

async fn world() -> World {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "vendor-a").await.id;
    let b = testing::account(&db, "vendor-b").await.id;
    let studio = product(&db, a, "Studio").await;
    let acme = organization(&db, a, "Acme").await;
    let globex = organization(&db, a, "Globex").await;

    let owner = customer(
        &db,
        &pw,
        a,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(acme),
    )
    .await;
    let member = customer(
        &db,
        &pw,
        a,
        "member@acme.test",
        CustomerRole::Member,
        Some(acme),
    )
    .await;
    let viewer = customer(
        &db,
        &pw,
        a,
        "viewer@acme.test",
        CustomerRole::Viewer,
        Some(acme),
    )
    .await;
    let outsider = customer(
        &db,
        &pw,
        a,
        "designer@acme.test",
        CustomerRole::Member,
        Some(acme),
    )
    .await;
    let solo = customer(&db, &pw, a, "solo@example.test", CustomerRole::Owner, None).await;
    let other_org_owner = customer(
        &db,
        &pw,
        a,
        "owner@globex.test",
        CustomerRole::Owner,
        Some(globex),
    )
    .await;
    let staff_a = staff(&db, &pw, a, "admin@vendor-a.test", StaffRole::Support).await;
    let other_account_staff = staff(&db, &pw, b, "admin@vendor-b.test", StaffRole::Admin).await;

    let eng = group(&db, a, acme, "Engineering", &[&member, &viewer]).await;
    let design = group(&db, a, acme, "Design", &[&outsider]).await;
    let eng_license = org_license(&db, a, studio, acme, &[eng]).await;
    let design_license = org_license(&db, a, studio, acme, &[design]).await;
    let unlinked_license = org_license(&db, a, studio, acme, &[]).await;
    let member_direct = user_license(&db, a, studio, &member).await;
    let solo_license = user_license(&db, a, studio, &solo).await;
    let other_org_license = org_license(&db, a, studio, globex, &[]).await;
    let b_product = product(&db, b, "B Product").await;
    let b_org = organization(&db, b, "B Customer").await;
    let other_account_license = org_license(&db, b, b_product, b_org, &[]).await;

    World {
        db,
        owner,
        member,
        viewer,
        outsider,
        solo,
        other_org_owner,
        other_account_staff,
        staff: staff_a,
        eng_license,
        design_license,
        unlinked_license,
        member_direct,
        solo_license,
        other_org_license,
        other_account_license,
    }
}

#[tokio::test]
async fn each_person_sees_exactly_their_licenses() {
    let w = world().await;
    let acme_all = sorted(vec![
        w.eng_license,
        w.design_license,
        w.unlinked_license,
        w.member_direct,
    ]);
    assert_eq!(
        visible_ids(&w.db, &w.owner).await,
        acme_all,
        "the owner sees every Acme license"
    );
    assert_eq!(
        visible_ids(&w.db, &w.member).await,
        sorted(vec![w.eng_license, w.member_direct])
    );
    assert_eq!(visible_ids(&w.db, &w.viewer).await, vec![w.eng_license]);
    assert_eq!(
        visible_ids(&w.db, &w.outsider).await,
        vec![w.design_license]
    );
    assert_eq!(visible_ids(&w.db, &w.solo).await, vec![w.solo_license]);
    assert_eq!(
        visible_ids(&w.db, &w.other_org_owner).await,
        vec![w.other_org_license]
    );
    assert_eq!(
        visible_ids(&w.db, &w.other_account_staff).await,
        vec![w.other_account_license]
    );
    assert_eq!(
        visible_ids(&w.db, &w.staff).await.len(),
        6,
        "staff see their whole account only"
    );
}

#[tokio::test]
async fn hidden_licenses_are_not_found_by_id() {
    let w = world().await;
    let cases = [
        (&w.member, w.unlinked_license),
        (&w.member, w.design_license),
        (&w.viewer, w.member_direct),
        (&w.owner, w.other_org_license),
        (&w.owner, w.solo_license),
        (&w.solo, w.eng_license),
        (&w.other_org_owner, w.eng_license),
        (&w.staff, w.other_account_license),
        (&w.other_account_staff, w.eng_license),
    ];
    for (who, id) in cases {
        let res = licenses::detail(&w.db, &Scope::of(who), id).await;
        assert!(
            matches!(res, Err(ServiceError::NotFound)),
            "{who:?} reached {id}"
        );
    }
    let detail = licenses::detail(&w.db, &Scope::of(&w.member), w.eng_license)
        .await
        .unwrap();
    assert_eq!(detail.row.groups, vec!["Engineering".to_owned()]);
    assert_eq!(detail.row.owner, "Acme");
    assert_eq!(
        detail.metadata,
        vec![("edition".to_owned(), "Pro".to_owned())]
    );
}

#[tokio::test]
async fn products_follow_visibility() {
    let w = world().await;
    let names = |v: Vec<licenses::ProductRef>| v.into_iter().map(|p| p.name).collect::<Vec<_>>();
    assert_eq!(
        names(
            licenses::products(&w.db, &Scope::of(&w.member))
                .await
                .unwrap()
        ),
        ["Studio"]
    );
    assert_eq!(
        names(
            licenses::products(&w.db, &Scope::of(&w.other_account_staff))
                .await
                .unwrap()
        ),
        ["B Product"]
    );
}

/// A member's list is read from what is assigned to them (their own licenses, then their
/// groups' links a chunk at a time), not from the organization: walking it page by page gives
/// exactly their licenses, newest first, each once, with filters applied, whether a license
/// is theirs directly, through two groups at once, or both; and nothing of the organization
/// that is not theirs.
#[tokio::test]
async fn a_members_pages_hold_exactly_their_licenses_however_many_links() {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "member-pages").await.id;
    let studio = product(&db, a, "Studio").await;
    let viewer = product(&db, a, "Viewer").await;
    let acme = organization(&db, a, "Acme").await;
    let member = customer(&db, &pw, a, "m@acme.test", CustomerRole::Member, Some(acme)).await;
    let eng = group(&db, a, acme, "Engineering", &[&member]).await;
    let ops = group(&db, a, acme, "Ops", &[&member]).await;
    let mut mine = Vec::new();
    // More links than one chunk (200), some through both groups, some of them also the
    // member's own; and licenses of the organization that are not theirs, interleaved.
    for i in 0..230 {
        let groups: Vec<Uuid> = match i % 3 {
            0 => vec![eng],
            1 => vec![ops],
            _ => vec![eng, ops],
        };
        let p = if i % 4 == 0 { viewer } else { studio };
        mine.push(org_license(&db, a, p, acme, &groups).await);
        org_license(&db, a, studio, acme, &[]).await;
        if i % 50 == 0 {
            mine.push(user_license(&db, a, p, &member).await);
        }
    }
    let scope = Scope::of(&member);
    let walk = |filter: LicenseFilter| {
        let (db, scope) = (&db, &scope);
        async move {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = licenses::list(
                    db,
                    scope,
                    LicenseFilter {
                        after,
                        limit: 25,
                        ..filter.clone()
                    },
                )
                .await
                .unwrap();
                assert!(page.rows.len() <= 25);
                seen.extend(page.rows.iter().map(|r| r.id));
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            seen
        }
    };
    let mut newest_first = mine.clone();
    newest_first.sort_by(|x, y| y.cmp(x));
    assert_eq!(walk(LicenseFilter::default()).await, newest_first);

    // A product filter applies to both sources.
    let of_viewer: Vec<Uuid> = walk(LicenseFilter {
        product_id: Some(viewer),
        ..Default::default()
    })
    .await;
    assert!(!of_viewer.is_empty());
    for id in &of_viewer {
        let d = licenses::detail(&db, &scope, *id).await.unwrap();
        assert_eq!(d.row.product_id, viewer);
    }
    let expected: Vec<Uuid> = {
        let mut v = Vec::new();
        for id in &newest_first {
            if licenses::detail(&db, &scope, *id)
                .await
                .unwrap()
                .row
                .product_id
                == viewer
            {
                v.push(*id);
            }
        }
        v
    };
    assert_eq!(of_viewer, expected);
}

/// A member's dashboard is made from their own licenses (read once), never from the
/// organization: every figure equals counting in SQL over what they see, the expiring and
/// newest lists and the recent machines are theirs only.
#[tokio::test]
async fn a_members_dashboard_counts_exactly_their_licenses() {
    use chrono::{Duration, Utc};
    use service::{
        activations::{self, ActivationInput, ActivationMode},
        dashboard,
        licenses::{LicenseStatus, NewLicense},
        testing::{fingerprint, terms},
    };
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "member-board").await.id;
    let studio = product(&db, a, "Studio").await;
    let acme = organization(&db, a, "Acme").await;
    let member = customer(&db, &pw, a, "m@acme.test", CustomerRole::Member, Some(acme)).await;
    let eng = group(&db, a, acme, "Engineering", &[&member]).await;
    let now = Utc::now();
    let issue = |expires: Option<i64>, seats: Option<i64>, groups: Vec<Uuid>| NewLicense {
        organization_id: Some(acme),
        expires_at: expires.map(|d| now + Duration::days(d)),
        allowed_activations: seats,
        group_ids: groups,
        ..terms(studio)
    };
    let soon = testing::license(&db, a, issue(Some(10), Some(5), vec![eng])).await;
    let later = testing::license(&db, a, issue(Some(300), None, vec![eng])).await;
    let gone = testing::license(&db, a, issue(Some(-3), Some(2), vec![eng])).await;
    let paused = testing::license(&db, a, issue(None, Some(4), vec![eng])).await;
    let dead = testing::license(&db, a, issue(None, Some(4), vec![eng])).await;
    let own = user_license(&db, a, studio, &member).await;
    licenses::set_status(&db, a, paused, LicenseStatus::Suspended)
        .await
        .unwrap();
    licenses::set_status(&db, a, dead, LicenseStatus::Revoked)
        .await
        .unwrap();
    // The organization's other licenses, with machines the member must not see.
    let theirs = testing::license(&db, a, issue(Some(5), None, vec![])).await;
    let machine = |n: &str| ActivationInput {
        fingerprint: fingerprint(n),
        hostname: n.to_owned(),
        os: "Linux".into(),
        app_version: None,
        mode: ActivationMode::Online,
        client_pub: None,
    };
    activations::activate(&db, a, soon, machine("mine-1"), "api")
        .await
        .unwrap();
    activations::activate(&db, a, own, machine("mine-2"), "api")
        .await
        .unwrap();
    activations::activate(&db, a, theirs, machine("not-mine"), "api")
        .await
        .unwrap();

    let scope = Scope::of(&member);
    let board = dashboard::customer(&db, &scope).await.unwrap();
    let counted = dashboard::counted_figures(&db, &scope, Utc::now())
        .await
        .unwrap();
    assert_eq!(board.counts, counted.counts);
    assert_eq!(board.activations_used, counted.seats_used);
    assert_eq!(
        board.activations_allowed, None,
        "one of theirs is unlimited"
    );
    assert_eq!(
        (
            board.counts.active,
            board.counts.expiring_soon,
            board.counts.expired
        ),
        (3, 1, 1)
    );
    assert_eq!((board.counts.suspended, board.counts.revoked), (1, 1));
    assert_eq!(
        board.expiring_soon.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![soon]
    );
    let mut newest: Vec<Uuid> = vec![soon, later, gone, paused, dead, own];
    newest.sort_by(|x, y| y.cmp(x));
    assert_eq!(
        board.licenses.iter().map(|r| r.id).collect::<Vec<_>>(),
        newest
    );
    let mut hosts: Vec<&str> = board
        .recent_activations
        .iter()
        .map(|r| r.hostname.as_str())
        .collect();
    hosts.sort();
    assert_eq!(hosts, ["mine-1", "mine-2"]);
}
