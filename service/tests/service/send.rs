//! Every service future can run inside axum handlers and `tokio::spawn` (it is `Send`).

use secrecy::SecretString;
use service::{
    Db, Scope,
    activations::{self, ActivationInput, ActivationMode},
    auth::{self, LoginInput},
    crypto::MasterKey,
    dashboard, demo, licenses, profile, tenancy,
    testing::passwords,
};
use uuid::Uuid;

fn is_send<T: Send>(_: T) {}

#[test]
fn service_futures_are_send() {
    // Never awaited: only their types matter.
    let db = Db::default();
    let pw = passwords();
    let id = Uuid::now_v7();
    let cfg = tenancy::TenancyConfig::default();
    let master = MasterKey::generate();
    let login = LoginInput {
        email: String::new(),
        password: SecretString::from(""),
        ip: None,
        user_agent: None,
    };
    is_send(tenancy::resolve(&db, "localhost", &cfg));
    is_send(auth::login(&db, &pw, id, login, None));
    is_send(auth::session(&db, id, "token"));
    is_send(auth::logout(&db, id, "token", None));
    is_send(demo::seed(&db, &pw, &master));
    let input = ActivationInput {
        fingerprint: String::new(),
        hostname: String::new(),
        os: String::new(),
        app_version: None,
        mode: ActivationMode::Online,
        client_pub: None,
    };
    is_send(activations::activate(&db, id, id, input, "api"));
    let staff = service::Principal::Staff(service::principal::StaffPrincipal {
        user_id: id,
        account_id: id,
        role: service::permissions::StaffRole::Admin,
        email: String::new(),
        first_name: String::new(),
        last_name: String::new(),
    });
    let scope = Scope::of(&staff);
    is_send(licenses::list(
        &db,
        &scope,
        licenses::LicenseFilter::default(),
    ));
    is_send(licenses::detail(&db, &scope, id));
    is_send(licenses::products(&db, &scope));
    is_send(dashboard::customer(&db, &scope));
    is_send(dashboard::vendor(&db, &scope));
    is_send(profile::change_password(
        &db,
        &pw,
        &staff,
        SecretString::from(""),
        SecretString::from(""),
        "t",
        None,
    ));
}
