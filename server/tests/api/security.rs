//! The security floor: deny by default, no cross-site writes, nothing internal on the wire.

use crate::{
    helpers::{DEMO_HOST, TestApp},
    server_fns::{self, Arg},
    tenancy::Tenant,
};
use app::api::{PUBLIC, auth::GetCurrentUser};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use leptos::server_fn::{ServerFn, axum::server_fn_paths};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::entities::{user, user_group};

#[tokio::test]
async fn every_server_function_refuses_a_caller_without_a_session() {
    let app = TestApp::new().await;
    let paths: Vec<_> = server_fn_paths().collect();
    assert!(
        paths.len() >= 9,
        "server functions not registered: {paths:?}"
    );
    for (path, _method) in paths {
        let res = app.rpc(path, &[], None, DEMO_HOST).await;
        if path == <app::api::branding::GetPortalAvailability as leptos::server_fn::ServerFn>::PATH
        {
            // The one public read without arguments: what the "portal unavailable" page
            // shows anyone, and nothing else.
            assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
            let keys: Vec<String> = res.json().as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys.len(), 2, "{path}: {}", res.body);
            for key in ["available", "account_name"] {
                assert!(keys.iter().any(|k| k == key), "{path}: {}", res.body);
            }
            continue;
        }
        if PUBLIC.contains(&path) {
            assert_ne!(
                res.status,
                StatusCode::OK,
                "{path} answered OK to an empty request"
            );
            continue;
        }
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}: {}", res.body);
        assert_eq!(res.json(), serde_json::json!("Unauthorized"), "{path}");
    }
}

#[tokio::test]
async fn a_forged_or_foreign_session_cookie_is_no_session() {
    let app = TestApp::new().await;
    let res = app
        .rpc(
            "/rpc/get_current_user",
            &[],
            Some("keyport_session=forged-token"),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let cookie = app.login("viewer@acme.example").await;
    let form = crate::helpers::encode(&[
        ("first_name", "Mallory"),
        ("last_name", "Viewer"),
        ("email", "viewer@acme.example"),
        ("current_password", crate::helpers::PASSWORD),
    ]);
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let req = Request::post("/rpc/update_profile")
            .header(header::HOST, DEMO_HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .header(name, value)
            .body(Body::from(form.clone()))
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    let me = app
        .rpc("/rpc/get_profile", &[], Some(&cookie), DEMO_HOST)
        .await;
    assert_ne!(me.json()["first_name"], "Mallory");
}

#[tokio::test]
async fn same_origin_browser_posts_pass_the_origin_check() {
    let app = TestApp::new().await;
    let req = Request::post("/rpc/login")
        .header(header::HOST, DEMO_HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("origin", format!("http://{DEMO_HOST}"))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(
            "email=member%40acme.example&password=keyport-demo",
        ))
        .unwrap();
    let res = app.send(req).await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.status
    );
}

/// Words that only a database or driver error would put in a response.
const LEAKS: &[&str] = &[
    "sql",
    "sqlite",
    "postgres",
    "sqlstate",
    "syntax error",
    "select ",
    "dberr",
    "database error",
    "error returned from database",
    "constraint",
    "unique",
    "violates",
    "duplicate key",
    "foreign key",
    "sea_orm",
    "sea-orm",
    "sqlx",
    "relation ",
    "no such table",
    "no such column",
    "panicked",
];

/// Fails when `body` carries database or driver text. The inputs themselves (`sent`: echoed
/// in a field error, or stored and listed back, e.g. in the audit log) are not the server's
/// words and are taken out first; one- to three-character inputs stay, as taking out `_`
/// would hide `sea_orm`.
fn assert_no_leak(what: &str, sent: &[&str], body: &str) {
    let mut text = body.to_lowercase();
    for input in sent.iter().filter(|s| s.trim().chars().count() > 3) {
        let input = input.to_lowercase();
        let escaped = serde_json::to_string(&input).unwrap();
        text = text
            .replace(&escaped[1..escaped.len() - 1], "")
            .replace(&input, "");
    }
    for leak in LEAKS {
        assert!(!text.contains(leak), "{what} leaked {leak:?}: {body}");
    }
}

/// Every server function with arguments, as a customer Owner and as a vendor admin, each
/// argument in turn bad (and all at once): malformed ids, SQL, wildcards, overlong and empty
/// strings, NUL, and values that clash with existing rows (an email, a group name in use).
#[tokio::test]
async fn no_response_carries_database_or_driver_error_text() {
    let app = TestApp::new().await;
    let acme = user::Entity::find()
        .filter(user::Column::Email.eq("owner@acme.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .unwrap();
    let group_in_use = user_group::Entity::find()
        .filter(user_group::Column::OrganizationId.eq(acme))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name;
    let own_org = Tenant::of(
        &app.db,
        acme,
        "member@acme.example",
        "owner@acme.example",
        false,
    )
    .await;
    let own_vendor = Tenant::of(
        &app.db,
        acme,
        "member@acme.example",
        "owner@acme.example",
        true,
    )
    .await;
    // Both sign in before the sweep makes failed sign-ins from this address.
    let callers = [
        (
            "owner@acme.example",
            app.login("owner@acme.example").await,
            own_org,
        ),
        (
            "admin@vendor.example",
            app.login("admin@vendor.example").await,
            own_vendor,
        ),
    ];
    let long = "x".repeat(5_000);
    let hostile: Vec<&str> = vec![
        "",
        "   ",
        "' OR 1=1 --",
        "\"; DROP TABLE licenses; --",
        "%",
        "_",
        "\\",
        "../../etc/passwd",
        "00000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-00000000000g",
        "not-a-uuid",
        "KP-' UNION SELECT * FROM users --",
        "\u{0}",
        "é🙂",
        "member@acme.example",
        &group_in_use,
        &long,
    ];
    let mut tried = 0;
    let mut reached = 0;
    for (who, cookie, own) in &callers {
        for f in server_fns::all().filter(|f| !f.args.is_empty()) {
            let valid = |a: &Arg| match *a {
                Arg::Id(_, k) | Arg::Pick(_, k) => own
                    .ids
                    .get(&k)
                    .cloned()
                    .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
                Arg::Filter(..) | Arg::Cursor(..) => String::new(),
                Arg::Value(_, v) => v.to_owned(),
            };
            // Each argument bad in turn, then all of them.
            let mut variants: Vec<Option<usize>> = (0..f.args.len()).map(Some).collect();
            if f.args.len() > 1 {
                variants.push(None);
            }
            for bad in &hostile {
                for &under in &variants {
                    let form: Vec<(&str, String)> = f
                        .args
                        .iter()
                        .enumerate()
                        .map(|(i, a)| {
                            let value = match under {
                                Some(j) if j != i => valid(a),
                                _ => (*bad).to_owned(),
                            };
                            (a.name(), value)
                        })
                        .collect();
                    let form: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let res = app.rpc(f.path, &form, Some(cookie), DEMO_HOST).await;
                    tried += 1;
                    let what = format!("{who} {} {:?}", f.path, under.map(|j| f.args[j].name()));
                    assert_ne!(
                        res.status,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "{what} {bad:?}: {}",
                        res.body
                    );
                    assert!(
                        !res.body.contains("missing field"),
                        "{what}: server_fns.rs names an argument wrongly: {}",
                        res.body
                    );
                    assert_no_leak(&format!("{what} with {bad:?}"), &hostile, &res.body);
                    if ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&res.status) {
                        reached += 1;
                    }
                }
            }
        }
        // The sweep itself signed nobody out, so every call above was really made signed in.
        let me = app
            .rpc(
                <GetCurrentUser as ServerFn>::PATH,
                &[],
                Some(cookie),
                DEMO_HOST,
            )
            .await;
        assert_eq!(me.status, StatusCode::OK, "{who} was signed out");
    }
    assert!(tried > 2_000, "{tried}");
    assert!(
        reached * 2 > tried,
        "most calls never got past the permission check"
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::new().await;
    let big = "a".repeat(server::router::BODY_LIMIT + 1);
    let res = app
        .rpc(
            "/rpc/login",
            &[("email", &big), ("password", "x")],
            None,
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// A log writer the test can read back.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn an_internal_error_shows_a_request_id_and_logs_the_cause_once() {
    use sea_orm::ConnectionTrait;

    let app = TestApp::new().await;
    let staff = app.login("admin@vendor.example").await;
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // A database that fails under the server: the outbox table is gone.
    app.db
        .execute_unprepared("ALTER TABLE outbox RENAME TO outbox_gone")
        .await
        .unwrap();

    let res = app
        .rpc(
            <app::api::org_activity::ListOutbox as ServerFn>::PATH,
            &[],
            Some(&staff),
            DEMO_HOST,
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.body
    );
    let request_id = res.headers["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(
        res.json(),
        serde_json::json!({ "Internal": { "request_id": request_id } })
    );
    assert_no_leak("list_outbox", &[], &res.body);

    // The page says so in words, with the request id to quote, and nothing of the cause.
    let page = app.get("/vendor/outbox", Some(&staff)).await;
    let page_id = page.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(
        page.body.contains(&format!(
            "Something went wrong. If it keeps happening, quote request id {page_id}."
        )),
        "{}",
        page.body
    );
    assert_no_leak("/vendor/outbox", &[], &page.body);

    // The cause is in the log under the request id: once for the call. (A server-rendered
    // page may run its resource more than once and logs each run.)
    let text = log.text();
    let failures = |id: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains("A request failed inside the server.") && l.contains(id))
            .map(str::to_owned)
            .collect()
    };
    let call = failures(&request_id);
    assert_eq!(call.len(), 1, "request {request_id}:\n{text}");
    assert!(
        call[0].contains("outbox"),
        "the cause is logged: {}",
        call[0]
    );
    assert!(!failures(&page_id).is_empty(), "request {page_id}:\n{text}");
}

#[test]
#[should_panic(expected = "leaked")]
fn the_leak_check_catches_driver_text_even_around_echoed_input() {
    assert_no_leak(
        "sample",
        &["member@acme.example"],
        r#"{"BadRequest":"error returned from database: UNIQUE constraint failed: user.email (member@acme.example)"}"#,
    );
}

#[tokio::test]
async fn a_nul_character_in_any_argument_is_a_bad_request() {
    let app = TestApp::new().await;
    let cookie = app.login("owner@acme.example").await;
    let path = <app::api::org_activity::ListActivity as ServerFn>::PATH;
    let form = |action| {
        [
            ("actor", ""),
            ("action", action),
            ("since", ""),
            ("until", ""),
            ("after", ""),
        ]
    };
    let res = app
        .rpc(path, &form("user.invite\u{0}"), Some(&cookie), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.body.contains("NUL"), "{}", res.body);
    // The same call without it works.
    let res = app
        .rpc(path, &form("user.invite"), Some(&cookie), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn the_benchmarks_statement_counter_is_not_served_unless_the_operator_asks_for_it() {
    // `keyport serve --count-statements` adds `/__keyport/statements`; the router alone (as
    // every server runs it by default) has no such route: the count would tell anyone how
    // busy the server is.
    let app = TestApp::new().await;
    let res = app.get("/__keyport/statements", None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(
        !res.body.trim().chars().all(|c| c.is_ascii_digit()),
        "{}",
        res.body
    );
}
