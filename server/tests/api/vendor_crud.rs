//! The vendor console's products and organizations pages over HTTP: staff read, vendor admins
//! change, customers are refused, bad input is answered field by field.

use crate::helpers::{DEMO_HOST, TestApp};
use app::api::{vendor_orgs as orgs, vendor_products as products};
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;

fn ok(res: &crate::helpers::Answer) -> bool {
    res.status.is_success() || res.status.is_redirection()
}

#[tokio::test]
async fn admins_create_rename_and_hide_products_support_reads_customers_are_refused() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let support = app.login("support@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let create = [("name", "Keyport Test Suite"), ("visibility", "hidden")];
    let res = app
        .rpc(
            products::CreateProduct::PATH,
            &create,
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    for cookie in [&support, &owner] {
        let res = app
            .rpc(
                products::CreateProduct::PATH,
                &create,
                Some(cookie),
                DEMO_HOST,
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
    let res = app
        .rpc(
            products::GetVendorProducts::PATH,
            &[],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let list = app
        .rpc(
            products::GetVendorProducts::PATH,
            &[],
            Some(&support),
            DEMO_HOST,
        )
        .await
        .json();
    assert_eq!(list["can_manage"], false);
    let made = list["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Keyport Test Suite")
        .expect("the new product")
        .clone();
    assert_eq!(made["visible"], false);
    let id = made["id"].as_str().unwrap();

    let res = app
        .rpc(
            products::RenameProduct::PATH,
            &[("id", id), ("name", "  ")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("1 to 200 characters"), "{}", res.body);
    let res = app
        .rpc(
            products::SetProductVisibility::PATH,
            &[("id", id), ("visible", "true")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);

    let page = app.get("/vendor/products", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Keyport Test Suite",
        "Create a product",
        "Hide Keyport Test Suite",
        "Copy",
    ] {
        assert!(page.body.contains(text), "missing {text}");
    }
    let page = app.get("/vendor/products", Some(&support)).await;
    assert!(!page.body.contains("Create a product"));
    assert!(page.body.contains("Keyport Test Suite"));
}

#[tokio::test]
async fn admins_manage_organizations_and_invite_through_the_outbox() {
    let app = TestApp::new().await;
    let admin = app.login("admin@vendor.example").await;
    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc(
            orgs::CreateOrganization::PATH,
            &[("name", "Initrode"), ("allowed_users", "two")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("allowed_users"), "{}", res.body);
    let res = app
        .rpc(
            orgs::CreateOrganization::PATH,
            &[("name", "Initrode"), ("allowed_users", "2")],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    let res = app
        .rpc(
            orgs::CreateOrganization::PATH,
            &[("name", "Mine"), ("allowed_users", "")],
            Some(&owner),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let list = app
        .rpc(
            orgs::GetVendorOrganizations::PATH,
            &[],
            Some(&admin),
            DEMO_HOST,
        )
        .await
        .json();
    let all = list["organizations"].as_array().unwrap();
    let initrode = all.iter().find(|o| o["name"] == "Initrode").unwrap();
    let id = initrode["id"].as_str().unwrap();
    let acme = all.iter().find(|o| o["name"] == "Acme Corp").unwrap();
    let used = acme["users"].as_i64().unwrap();
    let too_few = (used - 1).to_string();
    let res = app
        .rpc(
            orgs::UpdateOrganization::PATH,
            &[
                ("id", acme["id"].as_str().unwrap()),
                ("name", "Acme Corp"),
                ("allowed_users", &too_few),
            ],
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains(&format!("has {used} users")),
        "{}",
        res.body
    );

    let invite = [
        ("id", id),
        ("email", "boss@initrode.example"),
        ("first_name", "Bill"),
        ("last_name", "Lumbergh"),
        ("role", "owner"),
    ];
    let res = app
        .rpc(
            orgs::InviteToOrganization::PATH,
            &invite,
            Some(&admin),
            DEMO_HOST,
        )
        .await;
    assert!(ok(&res), "{}", res.body);
    let outbox = app.get("/vendor/outbox", Some(&admin)).await;
    assert!(outbox.body.contains("boss@initrode.example"));
    assert!(outbox.body.contains("/invitation/"));

    let page = app.get("/vendor/organizations", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Initrode",
        "1 of 2 users",
        "Invite to Initrode",
        "Save contacts of Acme Corp",
    ] {
        assert!(page.body.contains(text), "missing {text}");
    }
}
