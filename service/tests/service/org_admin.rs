//! Organization admins: invitations, users, the cap, the last Owner, contacts, groups, links.

mod groups;
mod invitations;
mod pages;
mod users;
mod vendor;

use sea_orm::{EntityTrait, PaginatorTrait};
use secrecy::SecretString;
use service::{
    Db, Passwords,
    entities::{audit_event, outbox_message},
    mail,
    org_admin::{self, Invitation},
    permissions::{CustomerRole, StaffRole},
    principal::{Principal, Scope},
    testing::{self, customer, organization, passwords, staff},
};
use uuid::Uuid;

/// A vendor with two organizations: Acme (owner, member, viewer; cap 5) and Globex (owner).
struct World {
    db: Db,
    pw: Passwords,
    account: Uuid,
    acme: Uuid,
    owner: Principal,
    member: Principal,
    viewer: Principal,
    globex_owner: Principal,
    staff: Principal,
}

async fn world() -> World {
    let db = testing::test_db().await;
    let pw = passwords();
    let account = testing::account(&db, "vendor").await.id;
    let acme = service::accounts::create_organization(&db, account, "Acme", Some(5))
        .await
        .unwrap();
    let globex = organization(&db, account, "Globex").await;
    let owner = customer(
        &db,
        &pw,
        account,
        "owner@acme.test",
        CustomerRole::Owner,
        Some(acme),
    )
    .await;
    let member = customer(
        &db,
        &pw,
        account,
        "member@acme.test",
        CustomerRole::Member,
        Some(acme),
    )
    .await;
    let viewer = customer(
        &db,
        &pw,
        account,
        "viewer@acme.test",
        CustomerRole::Viewer,
        Some(acme),
    )
    .await;
    let globex_owner = customer(
        &db,
        &pw,
        account,
        "owner@globex.test",
        CustomerRole::Owner,
        Some(globex),
    )
    .await;
    let staff = staff(&db, &pw, account, "admin@vendor.test", StaffRole::Admin).await;
    World {
        db,
        pw,
        account,
        acme,
        owner,
        member,
        viewer,
        globex_owner,
        staff,
    }
}

const URL: &str = "https://portal.example.com/";

fn invitation(email: &str, role: &str) -> Invitation {
    Invitation {
        email: email.into(),
        first_name: "Ines".into(),
        last_name: "Vited".into(),
        role: role.into(),
    }
}

impl World {
    async fn invite(&self, email: &str) -> (Uuid, String) {
        let id = org_admin::invite(
            &self.db,
            &self.pw,
            &self.owner,
            invitation(email, "member"),
            URL,
        )
        .await
        .unwrap();
        (id, self.token_for(email).await)
    }

    /// The token in the newest email to `email`.
    async fn token_for(&self, email: &str) -> String {
        let msgs = mail::list(&self.db, &Scope::of(&self.staff), 200)
            .await
            .unwrap();
        let m = msgs.iter().find(|m| m.to == email).expect("an email");
        let (_, rest) = m
            .body
            .split_once("https://portal.example.com/invitation/")
            .unwrap();
        rest.split_whitespace().next().unwrap().to_owned()
    }

    async fn audit_count(&self) -> u64 {
        audit_event::Entity::find().count(&self.db).await.unwrap()
    }

    async fn outbox_count(&self) -> u64 {
        outbox_message::Entity::find()
            .count(&self.db)
            .await
            .unwrap()
    }
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s)
}
