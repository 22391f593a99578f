//! One-line builders: accounts, organizations, groups, users, products and licenses.

use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use secrecy::SecretString;
use uuid::Uuid;

use crate::{
    Db,
    accounts::{self, NewUser, NewUserKind},
    activations::{self, ActivationInput, ActivationMode},
    auth::principal_of,
    crypto::MasterKey,
    entities::user,
    licenses::{self, NewLicense},
    passwords::Passwords,
    permissions::{CustomerRole, StaffRole},
    principal::Principal,
    tenancy::AccountInfo,
};

/// Password of every user the builders make.
pub const TEST_PASSWORD: &str = "correct-horse-battery";

/// A hasher for tests (4 concurrent hashes).
pub fn passwords() -> Passwords {
    Passwords::new(4)
}

/// An account with this alias (name "{alias} Inc.").
pub async fn account(db: &Db, alias: &str) -> AccountInfo {
    accounts::create_account(db, &format!("{alias} Inc."), alias, None)
        .await
        .expect("account")
}

/// An organization of the account.
pub async fn organization(db: &Db, account_id: Uuid, name: &str) -> Uuid {
    accounts::create_organization(db, account_id, name, Some(25))
        .await
        .expect("organization")
}

/// A group in an organization, with these members.
pub async fn group(
    db: &Db,
    account_id: Uuid,
    organization_id: Uuid,
    name: &str,
    members: &[&Principal],
) -> Uuid {
    let id = accounts::create_group(db, account_id, organization_id, name, "")
        .await
        .expect("group");
    for m in members {
        accounts::add_to_group(db, account_id, id, m.user_id())
            .await
            .expect("membership");
    }
    id
}

/// A staff member with password [`TEST_PASSWORD`].
pub async fn staff(
    db: &Db,
    pw: &Passwords,
    account_id: Uuid,
    email: &str,
    role: StaffRole,
) -> Principal {
    user_principal(db, pw, account_id, email, NewUserKind::Staff(role)).await
}

/// A customer with password [`TEST_PASSWORD`], in `organization_id` or individual.
pub async fn customer(
    db: &Db,
    pw: &Passwords,
    account_id: Uuid,
    email: &str,
    role: CustomerRole,
    organization_id: Option<Uuid>,
) -> Principal {
    user_principal(
        db,
        pw,
        account_id,
        email,
        NewUserKind::Customer {
            role,
            organization_id,
        },
    )
    .await
}

async fn user_principal(
    db: &Db,
    pw: &Passwords,
    account_id: Uuid,
    email: &str,
    kind: NewUserKind,
) -> Principal {
    let new = NewUser {
        email: email.into(),
        first_name: "Test".into(),
        last_name: email.split('@').next().unwrap_or("User").into(),
        password: SecretString::from(TEST_PASSWORD),
        kind,
    };
    let id = accounts::create_user(db, pw, account_id, new)
        .await
        .expect("user");
    let row = user::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("user row")
        .expect("user exists");
    principal_of(db, &row)
        .await
        .expect("principal")
        .expect("known role")
}

/// `p` as the next request sees it: read again from its user row, as each request's session
/// does.
pub async fn reload(db: &Db, p: &Principal) -> Principal {
    let row = user::Entity::find_by_id(p.user_id())
        .one(db)
        .await
        .expect("user row")
        .expect("user exists");
    principal_of(db, &row)
        .await
        .expect("principal")
        .expect("known role")
}

/// A product (with a throw-away master key).
pub async fn product(db: &Db, account_id: Uuid, name: &str) -> Uuid {
    accounts::create_product(db, &MasterKey::generate(), account_id, name)
        .await
        .expect("product")
}

/// Terms for a license: 5 seats, a year long, offline allowed. Fill in the owner.
pub fn terms(product_id: Uuid) -> NewLicense {
    NewLicense {
        product_id,
        expires_at: Some(Utc::now() + Duration::days(365)),
        allowed_activations: Some(5),
        offline_allowed: true,
        offline_lease_days: Some(30),
        metadata: vec![("edition".into(), "Pro".into())],
        ..Default::default()
    }
}

/// A license of the organization, linked to `groups`.
pub async fn org_license(
    db: &Db,
    account_id: Uuid,
    product_id: Uuid,
    organization_id: Uuid,
    groups: &[Uuid],
) -> Uuid {
    let new = NewLicense {
        organization_id: Some(organization_id),
        group_ids: groups.to_vec(),
        ..terms(product_id)
    };
    licenses::create(db, account_id, new)
        .await
        .expect("license")
        .0
}

/// A license assigned directly to a user (and their organization, if any).
pub async fn user_license(db: &Db, account_id: Uuid, product_id: Uuid, owner: &Principal) -> Uuid {
    let new = NewLicense {
        owner_user_id: Some(owner.user_id()),
        organization_id: owner.organization_id(),
        ..terms(product_id)
    };
    licenses::create(db, account_id, new)
        .await
        .expect("license")
        .0
}

/// A license with custom terms.
pub async fn license(db: &Db, account_id: Uuid, new: NewLicense) -> Uuid {
    licenses::create(db, account_id, new)
        .await
        .expect("license")
        .0
}

/// A 64-hex fingerprint derived from `seed`.
pub fn fingerprint(seed: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(seed.as_bytes()))
}

/// A second vendor account, for cross-tenant tests.
#[derive(Debug, Clone)]
pub struct OtherVendor {
    /// The account.
    pub account: AccountInfo,
    /// Owner of its one organization.
    pub owner: Principal,
    /// How many licenses the organization has (all visible to the owner).
    pub license_count: usize,
}

/// Another vendor account with alias `alias`: one organization whose owner signs in with
/// `email` and `password`, one product, and three licenses with a machine each.
pub async fn other_vendor(db: &Db, alias: &str, email: &str, password: &str) -> OtherVendor {
    let account = account(db, alias).await;
    let a = account.id;
    let org = organization(db, a, "Initech").await;
    let new = NewUser {
        email: email.into(),
        first_name: "Other".into(),
        last_name: "Owner".into(),
        password: SecretString::from(password),
        kind: NewUserKind::Customer {
            role: CustomerRole::Owner,
            organization_id: Some(org),
        },
    };
    let id = accounts::create_user(db, &passwords(), a, new)
        .await
        .expect("owner");
    let row = user::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("user row")
        .expect("user exists");
    let owner = principal_of(db, &row)
        .await
        .expect("principal")
        .expect("known role");
    let p = product(db, a, "Initech Suite").await;
    let license_count = 3;
    for n in 0..license_count {
        let license_id = org_license(db, a, p, org, &[]).await;
        let input = ActivationInput {
            fingerprint: fingerprint(&format!("{alias}-machine-{n}")),
            hostname: format!("initech-ws-{n:02}"),
            os: "Windows 11 23H2".into(),
            app_version: Some("1.0.0".into()),
            mode: ActivationMode::Online,
            client_pub: None,
        };
        activations::activate(db, a, license_id, input, "seed")
            .await
            .expect("activation");
    }
    OtherVendor {
        account,
        owner,
        license_count,
    }
}
