//! The vendor console's licenses over HTTP: admins issue and change licenses, support reads,
//! customers and other vendors are refused, and customers see the change on their next load.

use crate::helpers::{DEMO_HOST, TestApp};
use app::api::vendor_licenses::{
    ChangeLicenseStatus, CreateLicense, GetLicenseChoices, ListIssuedLicenses,
};
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;

const CREATE: &str = <CreateLicense as ServerFn>::PATH;
const CHANGE: &str = <ChangeLicenseStatus as ServerFn>::PATH;
const CHOICES: &str = <GetLicenseChoices as ServerFn>::PATH;
const ISSUED: &str = <ListIssuedLicenses as ServerFn>::PATH;

fn ok(res: &crate::helpers::Answer) -> bool {
    res.status.is_success() || res.status.is_redirection()
}

/// The license as `cookie`'s holder sees it (`get_license`).
async fn license(app: &TestApp, cookie: &str, id: &str) -> serde_json::Value {
    app.rpc("/rpc/get_license", &[("id", id)], Some(cookie), DEMO_HOST)
        .await
        .json()
}

#[tokio::test]
async fn an_admin_issues_a_license_the_owner_sees_and_suspends_it() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let choices = app.rpc(CHOICES, &[], Some(&admin), DEMO_HOST).await.json();
    let product = choices["products"][0]["id"].as_str().unwrap().to_owned();
    assert!(
        !choices["products"][0]["public_key"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    let acme = choices["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Acme Corp")
        .expect("Acme is offered")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner = app.login("owner@acme.example").await;
    let before = app.license_ids(&owner, DEMO_HOST).await.len();

    let form = [
        ("product", product.as_str()),
        ("organization", acme.as_str()),
        ("owner", ""),
        ("expires", "2031-01-31"),
        ("maintenance_expires", ""),
        ("allowed_activations", "7"),
        ("allowed_deactivations", ""),
        ("offline", "on"),
        ("lease_days", "30"),
        ("metadata", "edition=Enterprise\nseats=7"),
    ];
    let res = app.rpc(CREATE, &form, Some(&admin), DEMO_HOST).await;
    assert!(ok(&res), "{} {}", res.status, res.body);
    let ids = app.license_ids(&owner, DEMO_HOST).await;
    assert_eq!(ids.len(), before + 1, "the owner sees the new license");
    // Newest first: the new license heads the owner's list.
    let (id, _key) = ids[0].clone();
    let detail = license(&app, &owner, &id).await;
    assert_eq!(detail["row"]["allowed_activations"], 7);
    assert_eq!(detail["row"]["status"], "Active");

    let res = app
        .rpc(
            CHANGE,
            &[("id", &id), ("change", "suspend")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{} {}", res.status, res.body);
    let detail = license(&app, &owner, &id).await;
    assert_eq!(detail["row"]["status"], "Suspended");
    let res = app
        .rpc(
            CHANGE,
            &[("id", &id), ("change", "suspend")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("already suspended"), "{}", res.body);

    let page = app.get("/vendor/licenses", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Issue a license"));
    assert!(page.body.contains("Product keys"));
}

#[tokio::test]
async fn bad_forms_get_a_sentence_and_issue_nothing() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let choices = app.rpc(CHOICES, &[], Some(&admin), DEMO_HOST).await.json();
    let product = choices["products"][0]["id"].as_str().unwrap().to_owned();
    let staff_view = app.license_ids(&admin, DEMO_HOST).await.len();
    for (field, value, says) in [
        ("product", "not-a-product", "Choose from the list."),
        ("allowed_activations", "-1", "whole number"),
        ("allowed_activations", "lots", "whole number"),
        ("expires", "31/01/2031", "YYYY-MM-DD"),
        ("metadata", "no equals sign", "key=value"),
        (
            "owner",
            "nobody@nowhere.example",
            "No customer of yours has this email address.",
        ),
        (
            "owner",
            "admin@vendor.example",
            "No customer of yours has this email address.",
        ),
        ("organization", "", "needs an owner"),
    ] {
        let mut form = vec![
            ("product", product.as_str()),
            ("organization", ""),
            ("owner", ""),
            ("expires", ""),
            ("maintenance_expires", ""),
            ("allowed_activations", ""),
            ("allowed_deactivations", ""),
            ("lease_days", ""),
            ("metadata", ""),
        ];
        if field != "organization" {
            // Every case but the last names an owner, so only `field` is wrong.
            form[2] = ("owner", "Solo@Example.com");
        }
        for f in &mut form {
            if f.0 == field {
                f.1 = value;
            }
        }
        let res = app.rpc(CREATE, &form, Some(&admin), DEMO_HOST).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}"
        );
        assert!(res.body.contains(says), "{field}={value}: {}", res.body);
    }
    assert_eq!(app.license_ids(&admin, DEMO_HOST).await.len(), staff_view);
}

#[tokio::test]
async fn support_customers_and_other_vendors_cannot_issue_or_change() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let (id, _) = app.license_ids(&admin, DEMO_HOST).await[0].clone();
    let product = app.rpc(CHOICES, &[], Some(&admin), DEMO_HOST).await.json()["products"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let create = [
        ("product", product.as_str()),
        ("organization", ""),
        ("owner", ""),
        ("expires", ""),
        ("maintenance_expires", ""),
        ("allowed_activations", ""),
        ("allowed_deactivations", ""),
        ("lease_days", ""),
        ("metadata", ""),
    ];
    let change = [("id", id.as_str()), ("change", "revoke")];
    let status_of = |detail: serde_json::Value| detail["row"]["status"].clone();
    let before = status_of(license(&app, &admin, &id).await);
    for email in [
        "support@vendor.example",
        "owner@acme.example",
        "solo@example.com",
    ] {
        let cookie = app.login(email).await;
        for (path, form) in [(CREATE, &create[..]), (CHANGE, &change[..])] {
            let res = app.rpc(path, form, Some(&cookie), DEMO_HOST).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{email} {path}");
        }
    }
    let customer = app.login("owner@acme.example").await;
    let res = app.rpc(CHOICES, &[], Some(&customer), DEMO_HOST).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The console's list is for staff, even of licenses the Owner may see.
    let res = app.rpc(ISSUED, &[], Some(&customer), DEMO_HOST).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let support = app.login("support@vendor.example").await;
    let res = app
        .rpc(ISSUED, &[("q", "KP")], Some(&support), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        !res.json()["rows"].as_array().unwrap().is_empty(),
        "{}",
        res.body
    );

    // Another vendor's admin: the demo license is not found there, and stays as it was.
    let other_admin = app.other_vendor_admin("other").await;
    let res = app
        .rpc(CHANGE, &change, Some(&other_admin), "other.keyport.test")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let after = status_of(license(&app, &admin, &id).await);
    assert_eq!(after, before, "a refused change changed the license");
}
