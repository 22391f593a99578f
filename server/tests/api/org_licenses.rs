//! Which licenses an organization's people see, changed by its Owner through the server
//! functions of the license page (link, unlink, assign), and whose activity an Owner reads.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::entities::{license, license_group, user, user_group};
use uuid::Uuid;

use crate::helpers::{DEMO_HOST, TestApp};

async fn user_of(app: &TestApp, email: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// An Acme license linked to no group and assigned to nobody: only organization-wide roles
/// see it.
async fn unshared_license(app: &TestApp, org: Uuid) -> String {
    let linked: Vec<Uuid> = license_group::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.license_id)
        .collect();
    license::Entity::find()
        .filter(license::Column::OrganizationId.eq(org))
        .filter(license::Column::OwnerUserId.is_null())
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|l| !linked.contains(&l.id))
        .expect("an unshared Acme license")
        .id
        .to_string()
}

async fn group_named(app: &TestApp, name: &str) -> String {
    user_group::Entity::find()
        .filter(user_group::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

async fn member_sees(app: &TestApp, cookie: &str, license: &str) -> bool {
    let listed = app
        .license_ids(cookie, DEMO_HOST)
        .await
        .iter()
        .any(|(id, _)| id == license);
    let page = app
        .rpc(
            "/rpc/get_license",
            &[("id", license)],
            Some(cookie),
            DEMO_HOST,
        )
        .await;
    // The list and the license page always agree.
    assert_eq!(page.status == StatusCode::OK, listed, "{}", page.body);
    listed
}

fn done(res: &crate::helpers::Answer) {
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{} {}",
        res.status,
        res.body
    );
}

#[tokio::test]
async fn linking_and_assigning_from_the_license_page_decide_what_a_member_sees() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let member_cookie = app.login("member@acme.example").await;
    let member = user_of(&app, "member@acme.example").await;
    let license = unshared_license(&app, member.organization_id.unwrap()).await;
    let engineering = group_named(&app, "Engineering").await;
    assert!(!member_sees(&app, &member_cookie, &license).await);

    // The Owner's license page offers the forms; the member's carries no admin data.
    let page = app
        .rpc(
            "/rpc/get_license",
            &[("id", &license)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let manage = &page.json()["manage"];
    assert!(
        manage["unlinked_groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "Engineering"),
        "{manage}"
    );
    assert!(manage["assigned"].is_null());
    // The page never lists the organization's people (an email field finds one).
    assert!(manage.get("people").is_none(), "{manage}");

    let link = [
        ("group_id", engineering.as_str()),
        ("license_id", license.as_str()),
        ("back", "license"),
    ];
    let res = app
        .rpc("/rpc/link_group_license", &link, Some(&owner), DEMO_HOST)
        .await;
    done(&res);
    assert!(member_sees(&app, &member_cookie, &license).await);
    let page = app
        .rpc(
            "/rpc/get_license",
            &[("id", &license)],
            Some(&member_cookie),
            DEMO_HOST,
        )
        .await;
    assert!(page.json()["manage"].is_null(), "{}", page.body);
    assert!(
        page.json()["linked_groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "Engineering")
    );
    // Linking twice is a clear conflict, not a second link.
    let again = app
        .rpc("/rpc/link_group_license", &link, Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

    let res = app
        .rpc("/rpc/unlink_group_license", &link, Some(&owner), DEMO_HOST)
        .await;
    done(&res);
    assert!(!member_sees(&app, &member_cookie, &license).await);

    // A direct assignment works the same way, and an empty user takes it back.
    let member_id = member.id.to_string();
    let res = app
        .rpc(
            "/rpc/assign_org_license",
            &[("license_id", &license), ("user_id", &member_id)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    done(&res);
    assert!(member_sees(&app, &member_cookie, &license).await);
    let page = app
        .rpc(
            "/rpc/get_license",
            &[("id", &license)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(
        page.json()["manage"]["assigned"][0]["id"],
        member_id.as_str()
    );
    // By email, as the page's form sends it, in any case; an email from outside the
    // organization is refused with a sentence on the field, and nothing changes.
    let member_email = member.email.to_uppercase();
    let res = app
        .rpc(
            "/rpc/assign_org_license",
            &[("license_id", &license), ("user_id", &member_email)],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    done(&res);
    let res = app
        .rpc(
            "/rpc/assign_org_license",
            &[("license_id", &license), ("user_id", "dev@globex.example")],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body
            .contains("Nobody in your organization has this email address."),
        "{}",
        res.body
    );
    assert!(member_sees(&app, &member_cookie, &license).await);
    let res = app
        .rpc(
            "/rpc/assign_org_license",
            &[("license_id", &license), ("user_id", "")],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    done(&res);
    assert!(!member_sees(&app, &member_cookie, &license).await);

    // Each change is in the organization's activity, by the Owner.
    let activity = app
        .rpc(
            "/rpc/list_activity",
            &[
                ("actor", ""),
                ("action", ""),
                ("since", ""),
                ("until", ""),
                ("after", ""),
            ],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(activity.status, StatusCode::OK, "{}", activity.body);
    let mut actions: Vec<String> = activity.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["target_id"] == license.as_str() && r["actor_email"] == "owner@acme.example")
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect();
    actions.sort();
    assert_eq!(
        actions,
        [
            "license.assign",
            "license.assign",
            "license.assign",
            "license.group_link",
            "license.group_unlink"
        ]
    );
}

#[tokio::test]
async fn assigning_across_organizations_is_not_found_and_changes_nothing() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let acme = user_of(&app, "owner@acme.example").await;
    let outsider = user_of(&app, "dev@globex.example").await;
    let mine = unshared_license(&app, acme.organization_id.unwrap()).await;
    let theirs = license::Entity::find()
        .filter(license::Column::OrganizationId.eq(outsider.organization_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let member = user_of(&app, "member@acme.example").await.id.to_string();
    let globex_group = group_named(&app, "Developers").await;
    let calls: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "/rpc/assign_org_license",
            vec![
                ("license_id", mine.clone()),
                ("user_id", outsider.id.to_string()),
            ],
        ),
        (
            "/rpc/assign_org_license",
            vec![
                ("license_id", theirs.id.to_string()),
                ("user_id", member.clone()),
            ],
        ),
        (
            "/rpc/assign_org_license",
            vec![
                ("license_id", theirs.id.to_string()),
                ("user_id", String::new()),
            ],
        ),
        (
            "/rpc/link_group_license",
            vec![
                ("group_id", globex_group.clone()),
                ("license_id", mine.clone()),
                ("back", "license".into()),
            ],
        ),
        ("/rpc/get_license", vec![("id", theirs.id.to_string())]),
    ];
    for (path, form) in &calls {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.rpc(path, &form, Some(&owner), DEMO_HOST).await;
        assert_eq!(
            res.status,
            StatusCode::NOT_FOUND,
            "{path} {form:?}: {}",
            res.body
        );
    }
    let after = license::Entity::find_by_id(theirs.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.owner_user_id, theirs.owner_user_id);
    let mine_after = license::Entity::find_by_id(mine.parse::<Uuid>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mine_after.owner_user_id, None);
    assert!(
        license_group::Entity::find()
            .filter(license_group::Column::LicenseId.eq(mine_after.id))
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_owner_of_globex_never_sees_acme_activity() {
    let app = TestApp::new().await;
    let acme_owner = app.login("owner@acme.example").await;
    let res = app
        .rpc(
            "/rpc/create_org_group",
            &[("name", "Acme secret project"), ("description", "")],
            Some(&acme_owner),
            DEMO_HOST,
        )
        .await;
    done(&res);
    let globex_owner = app.login("owner@globex.example").await;
    let res = app
        .rpc(
            "/rpc/create_org_group",
            &[("name", "Globex own project"), ("description", "")],
            Some(&globex_owner),
            DEMO_HOST,
        )
        .await;
    done(&res);
    let acme_id = user_of(&app, "owner@acme.example").await.id.to_string();
    let acme_group = group_named(&app, "Acme secret project").await;
    let globex_group = group_named(&app, "Globex own project").await;

    let activity = |actor: String| {
        let app = &app;
        let cookie = globex_owner.clone();
        async move {
            let res = app
                .rpc(
                    "/rpc/list_activity",
                    &[
                        ("actor", &actor),
                        ("action", ""),
                        ("since", ""),
                        ("until", ""),
                        ("after", ""),
                    ],
                    Some(&cookie),
                    DEMO_HOST,
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            res.json()
        }
    };
    let all = activity(String::new()).await;
    let rows = all["rows"].as_array().unwrap();
    // Globex's own change is there, so the list is not empty by accident.
    assert!(
        rows.iter()
            .any(|r| r["target_id"] == globex_group.as_str() && r["action"] == "group.create"),
        "{all}"
    );
    for r in rows {
        assert_ne!(r["target_id"], acme_group.as_str(), "{r}");
        assert!(
            !r["actor_email"]
                .as_str()
                .unwrap()
                .ends_with("@acme.example"),
            "{r}"
        );
    }
    // No list of people comes with the page (the filter takes an email).
    assert!(all.get("people").is_none(), "{all}");

    // Filtering by an Acme user's id finds nothing, rather than Acme's events; by an Acme
    // user's email, the sentence any unknown email gets.
    let filtered = activity(acme_id).await;
    assert_eq!(filtered["rows"], serde_json::json!([]), "{filtered}");
    let res = app
        .rpc(
            "/rpc/list_activity",
            &[
                ("actor", "owner@acme.example"),
                ("action", ""),
                ("since", ""),
                ("until", ""),
                ("after", ""),
            ],
            Some(&globex_owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body
            .contains("Nobody in your organization has this email address."),
        "{}",
        res.body
    );
    // Globex's own owner by email: their events only.
    let own = activity("Owner@Globex.example".to_owned()).await;
    assert!(
        own["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["actor_email"] == "owner@globex.example"),
        "{own}"
    );
    assert!(!own["rows"].as_array().unwrap().is_empty(), "{own}");
}
