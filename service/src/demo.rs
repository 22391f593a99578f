//! The demo account: a vendor, its staff, two customer organizations and an individual, 40
//! licenses in every status, and machines activated through the real activation rule.

mod licenses;
mod people;
mod releases;
mod scale;

pub use scale::{ScaleSpec, ScaleSummary, seed_scale};

pub use releases::seed_releases;

use std::collections::HashMap;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait, sea_query::Expr,
};
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use tracing::{info, instrument};
use uuid::Uuid;

use self::{
    licenses::{APP_VERSIONS, DemoLicense, Fate, HOSTNAMES, LICENSES, OPERATING_SYSTEMS},
    people::{ACME_GROUPS, CUSTOMERS, GLOBEX_GROUPS, Org, STAFF},
};
use crate::{
    Db, Result, ServiceError,
    accounts::{self, NewUser, NewUserKind},
    activations::{self, ActivationInput, ActivationMode},
    crypto::MasterKey,
    entities::{activation, license},
    licenses::{self as lic, LicenseStatus, NewLicense},
    passwords::Passwords,
    tallies,
    tenancy::AccountInfo,
};

/// Password of every demo user.
pub const DEMO_PASSWORD: &str = "keyport-demo";
/// Alias of the demo account.
pub const DEMO_ACCOUNT_ALIAS: &str = "demo";
/// Name of the demo vendor.
pub const DEMO_ACCOUNT_NAME: &str = "Northwind Software";

/// A demo sign-in to show on the login page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    /// Email.
    pub email: &'static str,
    /// Who that is, in a few words.
    pub role: &'static str,
}

/// What `seed` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// The demo account.
    pub account: AccountInfo,
    /// False when the account already existed and nothing was changed.
    pub created: bool,
    /// Every demo sign-in (password [`DEMO_PASSWORD`]).
    pub logins: Vec<DemoLogin>,
}

/// Creates the demo account unless an account with alias "demo" exists (then does nothing).
#[instrument(skip_all)]
pub async fn seed(db: &Db, pw: &Passwords, master_key: &MasterKey) -> Result<DemoSummary> {
    if let Some(account) = accounts::find_account(db, DEMO_ACCOUNT_ALIAS).await? {
        return Ok(DemoSummary {
            account,
            created: false,
            logins: logins(),
        });
    }
    let account =
        match accounts::create_account(db, DEMO_ACCOUNT_NAME, DEMO_ACCOUNT_ALIAS, None).await {
            Ok(account) => account,
            // Another server seeded it between our look-up and insert.
            Err(ServiceError::Conflict(_)) => {
                let account = accounts::find_account(db, DEMO_ACCOUNT_ALIAS)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
                return Ok(DemoSummary {
                    account,
                    created: false,
                    logins: logins(),
                });
            }
            Err(e) => return Err(e),
        };
    let a = account.id;
    let password = SecretString::from(DEMO_PASSWORD);

    for s in &STAFF {
        let user = NewUser {
            email: s.email.into(),
            first_name: s.first.into(),
            last_name: s.last.into(),
            password: password.clone(),
            kind: NewUserKind::Staff(s.role),
        };
        accounts::create_user(db, pw, a, user).await?;
    }
    let products = [
        accounts::create_product(db, master_key, a, "Northwind Studio").await?,
        accounts::create_product(db, master_key, a, "Northwind Render").await?,
    ];
    let acme = accounts::create_organization(db, a, "Acme Corp", Some(25)).await?;
    let globex = accounts::create_organization(db, a, "Globex Ltd", Some(5)).await?;
    let org_id = |org: Org| match org {
        Org::Acme => Some(acme),
        Org::Globex => Some(globex),
        Org::Individual => None,
    };
    let mut groups: HashMap<&str, Uuid> = HashMap::new();
    for (org, names) in [(acme, &ACME_GROUPS[..]), (globex, &GLOBEX_GROUPS[..])] {
        for name in names {
            groups.insert(
                name,
                accounts::create_group(db, a, org, name, &format!("{name} team")).await?,
            );
        }
    }
    let mut users: HashMap<&str, Uuid> = HashMap::new();
    for c in &CUSTOMERS {
        let user = NewUser {
            email: c.email.into(),
            first_name: c.first.into(),
            last_name: c.last.into(),
            password: password.clone(),
            kind: NewUserKind::Customer {
                role: c.role,
                organization_id: org_id(c.org),
            },
        };
        let id = accounts::create_user(db, pw, a, user).await?;
        for g in c.groups {
            accounts::add_to_group(db, a, groups[g], id).await?;
        }
        users.insert(c.email, id);
    }
    accounts::set_contacts(
        db,
        a,
        acme,
        users["owner@acme.example"],
        Some(users["cto@acme.example"]),
    )
    .await?;
    accounts::set_contacts(db, a, globex, users["owner@globex.example"], None).await?;

    for (i, spec) in LICENSES.iter().enumerate() {
        let new = NewLicense {
            product_id: products[spec.product],
            owner_user_id: spec.owner.map(|e| users[e]),
            organization_id: org_id(spec.org),
            group_ids: spec.groups.iter().map(|g| groups[g]).collect(),
            ..license_terms(i, spec)
        };
        let (id, _key) = lic::create(db, a, new).await?;
        activate_machines(db, a, id, i, spec).await?;
        settle(db, a, id, i, spec.fate).await?;
    }
    info!(account.id = %a, licenses = LICENSES.len(), "Demo account seeded.");
    Ok(DemoSummary {
        account,
        created: true,
        logins: logins(),
    })
}

/// Every demo sign-in.
fn logins() -> Vec<DemoLogin> {
    STAFF
        .iter()
        .map(|s| DemoLogin {
            email: s.email,
            role: s.label,
        })
        .chain(CUSTOMERS.iter().map(|c| DemoLogin {
            email: c.email,
            role: c.label,
        }))
        .collect()
}

/// Dates, limits and metadata. Licenses that will expire start with a future expiry so their
/// machines can be activated first.
fn license_terms(i: usize, spec: &DemoLicense) -> NewLicense {
    let now = Utc::now();
    let i = i as i64;
    let expires_at = match spec.fate {
        Fate::ExpiringSoon => Some(now + Duration::days(4 + (i * 5) % 24)),
        _ if i % 4 == 2 => None,
        _ => Some(now + Duration::days(120 + (i * 37) % 600)),
    };
    let seats = spec
        .allowed
        .map_or_else(|| "unlimited".to_owned(), |n| n.to_string());
    NewLicense {
        expires_at,
        maintenance_expires_at: Some(
            expires_at.unwrap_or(now + Duration::days(365)) - Duration::days((i % 3) * 30),
        ),
        allowed_activations: spec.allowed,
        allowed_deactivations: spec.allowed.map(|n| n * 2),
        offline_allowed: spec.offline,
        offline_lease_days: spec.offline.then_some(30),
        metadata: [
            ("edition".into(), spec.edition.into()),
            ("seats".into(), seats),
        ]
        .into_iter()
        // Enterprise licenses also get beta releases (see `releases::eligibility`).
        .chain(
            (spec.edition == "Enterprise")
                .then(|| ("release_channels".into(), "stable,beta".into())),
        )
        .collect(),
        ..Default::default()
    }
}

/// Activates the license's machines through the real rule, then spreads their dates over the
/// last 60 days so "recent activations" reads like a real history.
async fn activate_machines(
    db: &Db,
    account_id: Uuid,
    license_id: Uuid,
    i: usize,
    spec: &DemoLicense,
) -> Result<()> {
    for m in 0..spec.machines {
        let n = i * 3 + m;
        let offline = spec.offline && spec.machines >= 2 && m == spec.machines - 1;
        let input = ActivationInput {
            fingerprint: hex::encode(Sha256::digest(
                format!("keyport-demo-machine-{i}-{m}").as_bytes(),
            )),
            hostname: HOSTNAMES[n % HOSTNAMES.len()].into(),
            os: OPERATING_SYSTEMS[(i + m) % OPERATING_SYSTEMS.len()].into(),
            app_version: Some(APP_VERSIONS[n % APP_VERSIONS.len()].into()),
            mode: if offline {
                ActivationMode::Offline
            } else {
                ActivationMode::Online
            },
            client_pub: offline.then(|| {
                let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
                URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes())
            }),
        };
        let (activation_id, _) =
            activations::activate(db, account_id, license_id, input, "seed").await?;
        let now = Utc::now();
        let activated_at = now
            - Duration::days(((i * 7 + m * 13) % 60) as i64)
            - Duration::hours(((i + m * 5) % 20) as i64);
        let last_seen_at =
            (activated_at + Duration::hours(((i * 11 + m * 3) % 900) as i64)).min(now);
        // History rewritten: the activation counts on its new day.
        let tx = db.begin().await?;
        let made = activation::Entity::find_by_id(activation_id)
            .one(&tx)
            .await?
            .ok_or(ServiceError::NotFound)?;
        activation::Entity::update_many()
            .col_expr(activation::Column::ActivatedAt, Expr::value(activated_at))
            .col_expr(activation::Column::LastSeenAt, Expr::value(last_seen_at))
            .filter(activation::Column::Id.eq(activation_id))
            .exec(&tx)
            .await?;
        tallies::count_activation(&tx, account_id, license_id, made.activated_at, -1).await?;
        tallies::count_activation(&tx, account_id, license_id, activated_at, 1).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Moves a license to its final status once its machines exist.
async fn settle(db: &Db, account_id: Uuid, license_id: Uuid, i: usize, fate: Fate) -> Result<()> {
    match fate {
        Fate::Active | Fate::ExpiringSoon => Ok(()),
        Fate::Suspended => {
            lic::set_status(db, account_id, license_id, LicenseStatus::Suspended).await
        }
        Fate::Revoked => lic::set_status(db, account_id, license_id, LicenseStatus::Revoked).await,
        Fate::Expired => {
            let now = Utc::now();
            let expired_at = now - Duration::days(3 + (i as i64 * 9) % 80);
            // An expiry edit: the stage follows the date, and the counters the stage.
            let tx = db.begin().await?;
            let before = license::Entity::find_by_id(license_id)
                .filter(license::Column::AccountId.eq(account_id))
                .lock_exclusive()
                .one(&tx)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let after = license::Entity::update_many()
                .col_expr(license::Column::ExpiresAt, Expr::value(Some(expired_at)))
                .col_expr(
                    license::Column::MaintenanceExpiresAt,
                    Expr::value(Some(expired_at)),
                )
                .col_expr(
                    license::Column::ExpiryStage,
                    Expr::value(tallies::stage_of(Some(expired_at), now)),
                )
                .filter(license::Column::Id.eq(license_id))
                .exec_with_returning(&tx)
                .await?
                .into_iter()
                .next()
                .ok_or(ServiceError::NotFound)?;
            tallies::apply(&tx, &[(&before).into()], &[(&after).into()]).await?;
            tx.commit().await?;
            Ok(())
        }
    }
}
