//! Every customer permission that gates a server function or route, flipped off for the
//! caller's role (in the matrix, then as a disabled action): each function and route it gates
//! refuses, and each works again once the permission is back.

use app::api::{dashboard, licenses, machines, org_activity, org_groups, org_users, releases};
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use leptos::server_fn::ServerFn;
use service::permissions::Permission;
use std::net::SocketAddr;
use uuid::Uuid;

use crate::helpers::{Answer, DEMO_HOST, TestApp};

/// What a permission gates.
enum Call {
    /// A server function with its form.
    Rpc(&'static str, Vec<(&'static str, String)>),
    /// A GET route (downloads).
    Get(String),
    /// A plain-form upload route (offline files): refusals come back as a redirect with the
    /// reason, as a no-JS form expects.
    Upload(&'static str),
}

impl Call {
    fn name(&self) -> String {
        match self {
            Call::Rpc(path, _) => (*path).to_owned(),
            Call::Get(path) => path.clone(),
            Call::Upload(path) => (*path).to_owned(),
        }
    }
}

async fn upload(app: &TestApp, path: &str, cookie: &str) -> Answer {
    const BOUNDARY: &str = "flipboundary";
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n--{BOUNDARY}--\r\n"
    );
    let mut req = Request::post(path)
        .header(header::HOST, DEMO_HOST)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .header("origin", format!("http://{DEMO_HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 7], 50_000))));
    app.send(req).await
}

/// Whether the call was refused for want of the permission (Err: it failed otherwise).
async fn refused(app: &TestApp, call: &Call, cookie: &str) -> Result<bool, String> {
    let res = match call {
        Call::Rpc(path, form) => {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.rpc(path, &form, Some(cookie), DEMO_HOST).await
        }
        Call::Get(path) => app.get(path, Some(cookie)).await,
        Call::Upload(path) => {
            let res = upload(app, path, cookie).await;
            let location = res
                .headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            return match location {
                l if l.contains("not%20allowed") => Ok(true),
                l if l.contains("error=") => Ok(false),
                _ => Err(format!("{} {}", res.status, res.body)),
            };
        }
    };
    match res.status {
        StatusCode::FORBIDDEN => Ok(true),
        StatusCode::UNAUTHORIZED | StatusCode::INTERNAL_SERVER_ERROR => {
            Err(format!("{} {}", res.status, res.body))
        }
        _ => Ok(false),
    }
}

/// The table: permission -> what it gates, as an Owner of Acme calls it.
fn table(license: Uuid) -> Vec<(Permission, Vec<Call>)> {
    let nowhere = || Uuid::now_v7().to_string();
    let lic = license.to_string();
    vec![
        (
            Permission::DashboardView,
            vec![Call::Rpc(dashboard::GetCustomerDashboard::PATH, vec![])],
        ),
        (
            Permission::LicensesView,
            vec![
                Call::Rpc(licenses::ListLicenses::PATH, vec![("after", String::new())]),
                Call::Rpc(licenses::GetLicense::PATH, vec![("id", lic.clone())]),
                Call::Rpc(releases::ListReleases::PATH, vec![]),
            ],
        ),
        (
            Permission::MachinesDeactivate,
            vec![Call::Rpc(
                machines::DeactivateMachine::PATH,
                vec![("license_id", lic.clone()), ("activation_id", nowhere())],
            )],
        ),
        (
            Permission::OfflineActivate,
            vec![Call::Upload("/offline/upload/activation")],
        ),
        (
            Permission::OfflineDeactivate,
            vec![Call::Upload("/offline/upload/deactivation")],
        ),
        (
            Permission::ReleasesDownload,
            vec![Call::Get(format!("/downloads/{lic}/{}", nowhere()))],
        ),
        (
            Permission::UsersManage,
            vec![
                Call::Rpc(org_users::ListOrgUsers::PATH, vec![("q", String::new())]),
                Call::Rpc(
                    org_users::InviteUser::PATH,
                    vec![
                        ("email", "not an email".into()),
                        ("first_name", "New".into()),
                        ("last_name", "Comer".into()),
                        ("role", "member".into()),
                    ],
                ),
                Call::Rpc(org_users::DeleteOrgUser::PATH, vec![("user_id", nowhere())]),
            ],
        ),
        (
            Permission::GroupsManage,
            vec![
                Call::Rpc(
                    org_groups::CreateOrgGroup::PATH,
                    vec![("name", String::new()), ("description", String::new())],
                ),
                Call::Rpc(
                    org_groups::DeleteOrgGroup::PATH,
                    vec![("group_id", nowhere())],
                ),
            ],
        ),
        (
            Permission::GroupsAssignLicenses,
            vec![Call::Rpc(
                org_groups::AssignOrgLicense::PATH,
                vec![("license_id", nowhere()), ("user_id", String::new())],
            )],
        ),
        (
            Permission::AuditView,
            vec![Call::Rpc(
                org_activity::ListActivity::PATH,
                vec![
                    ("actor", String::new()),
                    ("action", String::new()),
                    ("since", String::new()),
                    ("until", String::new()),
                    ("after", String::new()),
                ],
            )],
        ),
    ]
}

/// Posts a settings form as the vendor admin.
async fn post(app: &TestApp, admin: &str, path: &str, form: &[(&str, String)]) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.rpc(path, &form, Some(admin), DEMO_HOST).await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{path}: {} {}",
        res.status,
        res.body
    );
}

/// Turns `p` off for Owners in the matrix (`matrix`) or for everyone as an action.
async fn turn_off(app: &TestApp, admin: &str, p: Permission, matrix: bool) {
    let others = Permission::ALL.iter().filter(|q| **q != p);
    if matrix {
        let form: Vec<(&str, String)> = others
            .map(|q| ("grant[]", format!("owner:{}", q.id())))
            .collect();
        post(app, admin, "/rpc/update_permission_matrix", &form).await;
    } else {
        let form: Vec<(&str, String)> = others
            .map(|q| ("enabled[]", q.id().to_owned()))
            .chain(
                Permission::ALL
                    .iter()
                    .map(|q| ("visible[]", q.id().to_owned())),
            )
            .collect();
        post(app, admin, "/rpc/update_allowed_actions", &form).await;
    }
}

async fn turn_back_on(app: &TestApp, admin: &str, matrix: bool) {
    if matrix {
        post(app, admin, "/rpc/reset_permission_matrix", &[]).await;
    } else {
        let form: Vec<(&str, String)> = Permission::ALL
            .iter()
            .flat_map(|q| {
                [
                    ("enabled[]", q.id().to_owned()),
                    ("visible[]", q.id().to_owned()),
                ]
            })
            .collect();
        post(app, admin, "/rpc/update_allowed_actions", &form).await;
    }
}

#[tokio::test]
async fn each_permission_flipped_off_makes_what_it_gates_refuse_and_on_again_work() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let license = app.license_ids(&owner, DEMO_HOST).await[0]
        .0
        .parse()
        .unwrap();
    let table = table(license);

    for (p, calls) in &table {
        for call in calls {
            let r = refused(&app, call, &owner).await;
            assert_eq!(r, Ok(false), "{} with {} on", call.name(), p.id());
        }
    }
    for matrix in [true, false] {
        let how = if matrix { "matrix" } else { "allowed actions" };
        for (p, calls) in &table {
            turn_off(&app, &admin, *p, matrix).await;
            for call in calls {
                let r = refused(&app, call, &owner).await;
                assert_eq!(r, Ok(true), "{} with {} off ({how})", call.name(), p.id());
            }
            // Only the flipped permission is off: what the others gate still works.
            for (q, other_calls) in table.iter().filter(|(q, _)| q != p) {
                // licenses.view is what lists releases and licenses; nothing else depends on it.
                if *p == Permission::LicensesView && *q != Permission::LicensesView {
                    continue;
                }
                for call in other_calls {
                    let r = refused(&app, call, &owner).await;
                    assert_eq!(
                        r,
                        Ok(false),
                        "{} with only {} off ({how})",
                        call.name(),
                        p.id()
                    );
                }
            }
            turn_back_on(&app, &admin, matrix).await;
            for call in calls {
                let r = refused(&app, call, &owner).await;
                assert_eq!(
                    r,
                    Ok(false),
                    "{} with {} back on ({how})",
                    call.name(),
                    p.id()
                );
            }
        }
    }
}
