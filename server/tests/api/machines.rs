//! Deactivating a machine from the license page (`deactivate_machine`).

use app::api::machines::DeactivateMachine;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::{
    activations::{self, ActivationInput, ActivationMode},
    entities::{license, organization},
    licenses::{self, NewLicense},
    testing::fingerprint,
};

use crate::helpers::{DEMO_HOST, TestApp};

#[tokio::test]
async fn an_owner_frees_a_seat_and_a_viewer_may_not() {
    let app = TestApp::new().await;
    let account_id = app.demo_account_id().await;
    let acme = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(account_id))
        .filter(organization::Column::Name.eq("Acme Corp"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let product_id = service::entities::product::Entity::find()
        .filter(service::entities::product::Column::AccountId.eq(account_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let new = NewLicense {
        product_id,
        organization_id: Some(acme.id),
        allowed_activations: Some(2),
        ..Default::default()
    };
    let (license_id, _) = licenses::create(&app.db, account_id, new).await.unwrap();
    let input = ActivationInput {
        fingerprint: fingerprint("portal-1"),
        hostname: "portal-1".into(),
        os: "Linux".into(),
        app_version: None,
        mode: ActivationMode::Online,
        client_pub: None,
    };
    let (activation_id, _) = activations::activate(&app.db, account_id, license_id, input, "api")
        .await
        .unwrap();
    let form = [
        ("license_id", license_id.to_string()),
        ("activation_id", activation_id.to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let count = || async {
        license::Entity::find_by_id(license_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .activations_count
    };

    let viewer = app.login("viewer@acme.example").await;
    let res = app
        .rpc(DeactivateMachine::PATH, &form, Some(&viewer), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(count().await, 1);

    let other = app.login("owner@globex.example").await;
    let res = app
        .rpc(DeactivateMachine::PATH, &form, Some(&other), DEMO_HOST)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(count().await, 1);

    let owner = app.login("owner@acme.example").await;
    let res = app
        .rpc(DeactivateMachine::PATH, &form, Some(&owner), DEMO_HOST)
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{} {}",
        res.status,
        res.body
    );
    assert_eq!(count().await, 0);
    assert_eq!(
        crate::licensing_rules::channel(&app.db, "license.deactivate", license_id).await,
        "portal"
    );
    let again = app
        .rpc(DeactivateMachine::PATH, &form, Some(&owner), DEMO_HOST)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
}
