//! Tenancy: one organization never sees another's data, one vendor never another's.

use crate::{
    helpers::{DEMO_HOST, PASSWORD, TestApp},
    server_fns::{Arg, ID_TAKING, Kind},
};
use axum::http::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use service::{
    Db,
    entities::{
        account, activation, audit_event, branding, group_membership, invitation, license,
        license_group, notification, notification_override, notification_settings,
        offline_exchange, offline_upload, organization, outbox_message, portal_settings, product,
        product_key, release, release_file, user, user_group, view_as_session,
    },
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[tokio::test]
async fn an_organization_never_reaches_another_organizations_licenses_by_id() {
    let app = TestApp::new().await;
    let globex = app.login("owner@globex.example").await;
    let globex_ids = app.license_ids(&globex, DEMO_HOST).await;
    assert!(!globex_ids.is_empty());
    for email in [
        "owner@acme.example",
        "member@acme.example",
        "viewer@acme.example",
        "solo@example.com",
    ] {
        let cookie = app.login(email).await;
        let visible: HashSet<_> = app
            .license_ids(&cookie, DEMO_HOST)
            .await
            .into_iter()
            .collect();
        for (id, key) in &globex_ids {
            assert!(
                !visible.contains(&(id.clone(), key.clone())),
                "{email} lists a Globex license"
            );
            let res = app
                .rpc("/rpc/get_license", &[("id", id)], Some(&cookie), DEMO_HOST)
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{email} reached {id}");
            assert_eq!(res.json(), serde_json::json!("NotFound"));
            // Paging "after" a foreign id leaks nothing either.
            let res = app
                .rpc(
                    "/rpc/list_licenses",
                    &[("after", id)],
                    Some(&cookie),
                    DEMO_HOST,
                )
                .await;
            for row in res.json()["rows"].as_array().unwrap() {
                let pair = (
                    row["id"].as_str().unwrap().to_owned(),
                    row["key"].as_str().unwrap().to_owned(),
                );
                assert!(visible.contains(&pair), "{email} paged into {pair:?}");
            }
        }
    }
}

#[tokio::test]
async fn a_member_sees_direct_and_group_licenses_only() {
    let app = TestApp::new().await;
    let owner = app.login("owner@acme.example").await;
    let all: HashSet<_> = app
        .license_ids(&owner, DEMO_HOST)
        .await
        .into_iter()
        .collect();
    let member = app.login("member@acme.example").await;
    let mine: HashSet<_> = app
        .license_ids(&member, DEMO_HOST)
        .await
        .into_iter()
        .collect();
    assert!(!mine.is_empty());
    assert!(mine.is_subset(&all));
    assert!(
        mine.len() < all.len(),
        "a member sees every organization license"
    );
    for (id, _) in all.difference(&mine) {
        let res = app
            .rpc("/rpc/get_license", &[("id", id)], Some(&member), DEMO_HOST)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn one_vendor_account_never_reaches_another() {
    let app = TestApp::new().await;
    let other =
        service::testing::other_vendor(&app.db, "other", "owner@other.example", PASSWORD).await;
    let other_host = "other.keyport.test";
    let other_cookie = app
        .login_on(other_host, "owner@other.example", PASSWORD)
        .await;
    let other_ids = app.license_ids(&other_cookie, other_host).await;
    assert_eq!(other_ids.len(), other.license_count);

    // The other vendor's session means nothing on the demo host, and vice versa.
    let res = app
        .rpc("/rpc/get_current_user", &[], Some(&other_cookie), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let admin = app.login("admin@vendor.example").await;
    let res = app
        .rpc("/rpc/get_current_user", &[], Some(&admin), other_host)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // Demo staff, who see every demo license, cannot open the other vendor's.
    for (id, _) in &other_ids {
        let res = app
            .rpc("/rpc/get_license", &[("id", id)], Some(&admin), DEMO_HOST)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
    // A demo user's credentials do not sign in on the other vendor's host.
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", "owner@acme.example"), ("password", PASSWORD)],
            None,
            other_host,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

/// What a caller of one tenant may name: one id of each kind (where the tenant has one), and
/// every id, key and email of the tenant's records, none of which may reach another tenant.
pub struct Tenant {
    pub ids: HashMap<Kind, String>,
    markers: Vec<String>,
}

impl Tenant {
    /// The records of organization `org` (and, with `account_wide`, of its whole vendor
    /// account: products, releases, other organizations). `email` is its user of choice, put
    /// in one of its groups when it is in any; `owner` one of its Owners.
    pub async fn of(db: &Db, org: Uuid, email: &str, owner: &str, account_wide: bool) -> Self {
        let account = organization::Entity::find_by_id(org)
            .one(db)
            .await
            .unwrap()
            .expect("organization")
            .account_id;
        let user = user::Entity::find()
            .filter(user::Column::AccountId.eq(account))
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await
            .unwrap()
            .expect("user");
        let owner = user::Entity::find()
            .filter(user::Column::OrganizationId.eq(org))
            .filter(user::Column::Email.eq(owner))
            .one(db)
            .await
            .unwrap()
            .expect("owner");
        let groups = user_group::Entity::find()
            .filter(user_group::Column::OrganizationId.eq(org))
            .all(db)
            .await
            .unwrap();
        let group = match group_membership::Entity::find()
            .filter(group_membership::Column::UserId.eq(user.id))
            .one(db)
            .await
            .unwrap()
        {
            Some(m) => m.group_id,
            None => groups.first().expect("a group").id,
        };
        let other_group = groups
            .iter()
            .find(|g| g.id != group)
            .expect("a second group")
            .id;
        let licenses = license::Entity::find()
            .filter(license::Column::OrganizationId.eq(org))
            .all(db)
            .await
            .unwrap();
        let activations = activation::Entity::find()
            .filter(activation::Column::LicenseId.is_in(licenses.iter().map(|l| l.id)))
            .all(db)
            .await
            .unwrap();
        let machine = activations
            .iter()
            .find(|a| a.deactivated_at.is_none())
            .expect("an active machine");
        let license = licenses
            .iter()
            .find(|l| l.id == machine.license_id)
            .unwrap();
        let audit = audit_event::Entity::find().filter(audit_event::Column::AccountId.eq(account));
        let audit = if account_wide {
            audit
        } else {
            audit.filter(audit_event::Column::OrganizationId.eq(org))
        };
        let events = audit.all(db).await.unwrap();

        let mut ids = HashMap::from([
            (Kind::License, license.id.to_string()),
            (Kind::Activation, machine.id.to_string()),
            (Kind::User, user.id.to_string()),
            (Kind::Owner, owner.id.to_string()),
            (Kind::Group, group.to_string()),
            (Kind::OtherGroup, other_group.to_string()),
            (Kind::Organization, org.to_string()),
        ]);
        if let Some(e) = events.iter().find(|e| e.organization_id == Some(org)) {
            ids.insert(Kind::AuditEvent, e.id.to_string());
        }
        // An upload the user holds for confirmation (its text does not matter here: nobody
        // else may see it at all).
        let held = offline_upload::ActiveModel {
            id: Set(Uuid::new_v4()),
            account_id: Set(account),
            user_id: Set(user.id),
            kind: Set("activate".to_owned()),
            body: Set("held".to_owned()),
            created_at: Set(chrono::Utc::now()),
            answer: Set(None),
            answer_name: Set(None),
            done: Set(None),
        };
        let held = offline_upload::Entity::insert(held)
            .exec(db)
            .await
            .unwrap()
            .last_insert_id;
        ids.insert(Kind::OfflineUpload, held.to_string());
        // Notifications are each one user's: the tenant's are those of its people.
        let people_ids: Vec<Uuid> = user::Entity::find()
            .filter(user::Column::AccountId.eq(account))
            .filter(user::Column::OrganizationId.eq(org))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
        let notes =
            notification::Entity::find().filter(notification::Column::AccountId.eq(account));
        let notes = if account_wide {
            notes
        } else {
            notes.filter(notification::Column::UserId.is_in(people_ids))
        };
        let notes = notes.all(db).await.unwrap();
        if let Some(n) = notes.first() {
            ids.insert(Kind::Notification, n.id.to_string());
        }
        let mut markers: Vec<String> = licenses
            .iter()
            .flat_map(|l| [l.id.to_string(), l.key.clone()])
            .chain(activations.iter().map(|a| a.id.to_string()))
            .chain(groups.iter().map(|g| g.id.to_string()))
            .chain(events.iter().map(|e| e.id.to_string()))
            .chain(notes.iter().map(|n| n.id.to_string()))
            .collect();
        let people = user::Entity::find().filter(user::Column::AccountId.eq(account));
        let people = if account_wide {
            people.filter(user::Column::Kind.eq(user::KIND_CUSTOMER))
        } else {
            people.filter(user::Column::OrganizationId.eq(org))
        };
        for p in people.all(db).await.unwrap() {
            markers.extend([p.id.to_string(), p.email]);
        }
        if account_wide {
            // Releases and products belong to the vendor, not to one organization.
            ids.insert(Kind::Product, license.product_id.to_string());
            let releases = release::Entity::find()
                .filter(release::Column::AccountId.eq(account))
                .all(db)
                .await
                .unwrap();
            if let Some(r) = releases.first() {
                ids.insert(Kind::Release, r.id.to_string());
            }
            markers.extend(releases.iter().map(|r| r.id.to_string()));
            let files = release_file::Entity::find()
                .filter(release_file::Column::AccountId.eq(account))
                .all(db)
                .await
                .unwrap();
            if let Some(f) = files.first() {
                ids.insert(Kind::ReleaseFile, f.id.to_string());
            }
            markers.extend(files.iter().map(|f| f.id.to_string()));
            let products = product::Entity::find()
                .filter(product::Column::AccountId.eq(account))
                .all(db)
                .await
                .unwrap();
            markers.extend(products.iter().map(|p| p.id.to_string()));
            let others = license::Entity::find()
                .filter(license::Column::AccountId.eq(account))
                .all(db)
                .await
                .unwrap();
            markers.extend(
                others
                    .iter()
                    .flat_map(|l| [l.id.to_string(), l.key.clone()]),
            );
        }
        Tenant { ids, markers }
    }
}

/// Everything but sessions (their last-seen time moves on every request), as JSON rows.
async fn snapshot(db: &Db) -> Vec<(&'static str, Vec<String>)> {
    macro_rules! tables {
        ($($entity:ident),* $(,)?) => {{
            let mut out = vec![];
            $(
                let mut rows: Vec<String> = $entity::Entity::find()
                    .into_json()
                    .all(db)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|row| row.to_string())
                    .collect();
                rows.sort();
                out.push((stringify!($entity), rows));
            )*
            out
        }};
    }
    tables!(
        account,
        activation,
        audit_event,
        branding,
        group_membership,
        invitation,
        license,
        license_group,
        notification,
        notification_override,
        notification_settings,
        offline_exchange,
        offline_upload,
        organization,
        outbox_message,
        portal_settings,
        product,
        product_key,
        release,
        release_file,
        user,
        user_group,
        view_as_session,
    )
}

/// Calls every function of [`ID_TAKING`] as the holder of `cookie` (on `host`), with `own`
/// ids wherever an argument is not under test and `foreign` ids one argument at a time (and
/// all at once): the answer must be that of an id that exists nowhere, "not found" (or the
/// same refusal whatever the id). Counts, per function, the answers that got past the
/// permission check.
async fn sweep(
    app: &TestApp,
    who: &str,
    cookie: &str,
    host: &str,
    own: &Tenant,
    foreign: &Tenant,
    reached: &mut HashMap<&'static str, usize>,
) {
    let nowhere = || Uuid::now_v7().to_string();
    for f in ID_TAKING {
        let named: Vec<usize> = (0..f.args.len())
            .filter(|&i| match f.args[i] {
                Arg::Id(_, k) | Arg::Pick(_, k) | Arg::Filter(_, k) => foreign.ids.contains_key(&k),
                _ => false,
            })
            .collect();
        let mut variants: Vec<Vec<usize>> = named.iter().map(|&i| vec![i]).collect();
        if named.len() > 1 {
            variants.push(named.clone());
        }
        // The form with the arguments of `under` taken from `pick`, the others valid.
        let form = |under: &[usize], pick: &dyn Fn(Kind) -> String| -> Vec<(&str, String)> {
            f.args
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let value = match *a {
                        _ if under.contains(&i) => pick(a.kind().unwrap()),
                        Arg::Id(_, k) | Arg::Pick(_, k) => {
                            own.ids.get(&k).cloned().unwrap_or_else(nowhere)
                        }
                        Arg::Filter(..) | Arg::Cursor(..) => String::new(),
                        Arg::Value(_, v) => v.to_owned(),
                    };
                    (a.name(), value)
                })
                .collect()
        };
        for under in variants {
            let crafted = form(&under, &|k| foreign.ids[&k].clone());
            // One unknown id per kind, as the crafted form has one foreign id per kind.
            let unknown_ids: HashMap<Kind, String> = under
                .iter()
                .map(|&i| (f.args[i].kind().unwrap(), nowhere()))
                .collect();
            let unknown = form(&under, &|k| unknown_ids[&k].clone());
            let a = app.rpc(f.path, &pairs(&crafted), Some(cookie), host).await;
            let b = app.rpc(f.path, &pairs(&unknown), Some(cookie), host).await;
            let expected = match f.args[under[0]] {
                Arg::Filter(..) => StatusCode::OK,
                Arg::Pick(..) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::NOT_FOUND,
            };
            assert!(
                a.status == expected || a.status == StatusCode::FORBIDDEN,
                "{who} {} {crafted:?}: {} {}",
                f.path,
                a.status,
                a.body
            );
            assert_eq!(
                (a.status, &a.body),
                (b.status, &b.body),
                "{who} {} answers another tenant's id {crafted:?} unlike an unknown one",
                f.path
            );
            if a.status != StatusCode::FORBIDDEN {
                *reached.entry(f.path).or_default() += 1;
            }
        }
        for (i, a) in f.args.iter().enumerate() {
            let Arg::Cursor(_, k) = *a else { continue };
            let Some(id) = foreign.ids.get(&k) else {
                continue;
            };
            let crafted = form(&[i], &|_| id.clone());
            let res = app.rpc(f.path, &pairs(&crafted), Some(cookie), host).await;
            assert!(
                res.status == StatusCode::OK || res.status == StatusCode::FORBIDDEN,
                "{who} {} {crafted:?}: {} {}",
                f.path,
                res.status,
                res.body
            );
            // A function whose only record argument is a cursor is reached here.
            if res.status == StatusCode::OK && named.is_empty() {
                *reached.entry(f.path).or_default() += 1;
            }
            for m in &foreign.markers {
                assert!(
                    !res.body.contains(m.as_str()),
                    "{who} {} after {id} answered {m} of another tenant",
                    f.path
                );
            }
            if res.status == StatusCode::OK {
                *reached.entry(f.path).or_default() += 1;
            }
        }
    }
}

fn pairs<'a>(form: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn every_id_taking_server_function_treats_another_tenants_ids_as_unknown() {
    let app = TestApp::new().await;
    let db = &app.db;
    let org_of = |email: &'static str| async move {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .organization_id
            .unwrap()
    };
    let (acme, globex) = (
        org_of("owner@acme.example").await,
        org_of("owner@globex.example").await,
    );

    // A second vendor, with a group, a second user and a draft release of its own.
    let other = service::testing::other_vendor(db, "other", "owner@other.example", PASSWORD).await;
    let other_host = "other.keyport.test";
    let initech = other.owner.organization_id().unwrap();
    let staffer = service::testing::customer(
        db,
        &service::testing::passwords(),
        other.account.id,
        "staffer@other.example",
        service::permissions::CustomerRole::Member,
        Some(initech),
    )
    .await;
    service::testing::group(db, other.account.id, initech, "Initech team", &[&staffer]).await;
    service::testing::group(db, other.account.id, initech, "Initech QA", &[]).await;
    // Globex has one group; a move needs two.
    let globex_account = organization::Entity::find_by_id(globex)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .account_id;
    service::testing::group(db, globex_account, globex, "Globex QA", &[]).await;
    let draft = service::releases::publish::create_draft(
        db,
        other.account.id,
        service::releases::publish::NewRelease {
            product: "Initech Suite".into(),
            version: "1.0.0".into(),
            channel: "stable".into(),
            platform: "linux".into(),
            arch: "x86_64".into(),
            notes: String::new(),
        },
    )
    .await
    .unwrap();
    // A file too, so link-making functions have another vendor's file id to be refused.
    let body = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(
        b"Initech Suite 1.0.0\n",
    ))]);
    service::releases::publish::add_file(
        db,
        &app.store,
        other.account.id,
        draft.id,
        "initech-suite-1.0.0.txt",
        body,
        1 << 20,
    )
    .await
    .unwrap();

    // Everyone signs in first, so that each organization has audit events to page through.
    let acme_owner = app.login("owner@acme.example").await;
    let staff = app.login("admin@vendor.example").await;
    app.login("owner@globex.example").await;
    let initech_owner = app
        .login_on(other_host, "owner@other.example", PASSWORD)
        .await;

    let acme_t = Tenant::of(db, acme, "member@acme.example", "owner@acme.example", false).await;
    let globex_t = Tenant::of(
        db,
        globex,
        "dev@globex.example",
        "owner@globex.example",
        false,
    )
    .await;
    let demo_t = Tenant::of(db, acme, "member@acme.example", "owner@acme.example", true).await;
    let initech_t = Tenant::of(
        db,
        initech,
        "staffer@other.example",
        "owner@other.example",
        true,
    )
    .await;
    assert!(globex_t.ids.contains_key(&Kind::AuditEvent));
    assert!(initech_t.ids.contains_key(&Kind::Release));
    assert!(initech_t.ids.contains_key(&Kind::ReleaseFile));

    let before = snapshot(db).await;
    let mut reached = HashMap::new();
    // Across organizations of one vendor.
    sweep(
        &app,
        "Acme owner -> Globex",
        &acme_owner,
        DEMO_HOST,
        &acme_t,
        &globex_t,
        &mut reached,
    )
    .await;
    // Across vendor accounts, both ways, as a customer and as vendor staff.
    sweep(
        &app,
        "Acme owner -> other vendor",
        &acme_owner,
        DEMO_HOST,
        &acme_t,
        &initech_t,
        &mut reached,
    )
    .await;
    sweep(
        &app,
        "demo staff -> other vendor",
        &staff,
        DEMO_HOST,
        &demo_t,
        &initech_t,
        &mut reached,
    )
    .await;
    sweep(
        &app,
        "other vendor's owner -> demo",
        &initech_owner,
        other_host,
        &initech_t,
        &demo_t,
        &mut reached,
    )
    .await;

    for f in ID_TAKING {
        assert!(
            reached.get(f.path).copied().unwrap_or(0) > 0,
            "{}: every crafted call was refused before the id was looked at; give the \
             sweep a caller who may use it",
            f.path
        );
    }
    let after = snapshot(db).await;
    for ((table, was), (_, is)) in before.iter().zip(&after) {
        assert!(was == is, "crafted calls with foreign ids changed {table}");
    }
}
