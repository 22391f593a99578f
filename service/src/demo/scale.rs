//! `keyport seed-scale`: the demo vendor's Acme Corp at a real vendor's size, for
//! `bench/portal.sh` (issue 13): many licenses, a million activations, one license with a
//! thousand machines, thousands of users.
//!
//! Rows are written with multi-row `INSERT`s of [`BATCH`] rows, a transaction per
//! [`BATCH`] x 10 rows, through the same entities as everything else, so the data matches the
//! schema on SQLite and PostgreSQL alike (no hand-written SQL to drift from it). Counters are
//! set as the rules would have left them (`activations_count` equals the live machines), and
//! the dashboard counters are rebuilt from the rows at the end (`tallies::rebuild`).
//! Run it once on a fresh data directory after `seed-demo`: it adds, it does not replace.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use secrecy::SecretString;
use uuid::Uuid;

use crate::{
    Db, Passwords, Result, ServiceError,
    domain::LicenseKey,
    entities::{activation, license, organization, product, user},
    permissions::CustomerRole,
};

/// Rows per `INSERT` (within SQLite's and PostgreSQL's limits on bound values).
const BATCH: usize = 1000;

/// How big.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleSpec {
    /// Licenses added to Acme Corp.
    pub licenses: usize,
    /// Live activations spread evenly over them.
    pub activations: usize,
    /// Machines of the one big license (besides the spread).
    pub machines_on_one: usize,
    /// Customer users added to Acme Corp (Members, password `keyport-demo`).
    pub users: usize,
}

/// What was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleSummary {
    /// Acme Corp.
    pub organization_id: Uuid,
    /// The license with [`ScaleSpec::machines_on_one`] machines.
    pub big_license_id: Uuid,
    /// A license half way down the list (newest first): `/licenses?after=` it is a deep page.
    pub deep_cursor: Uuid,
    /// Licenses now in Acme Corp.
    pub licenses: u64,
    /// Activations written.
    pub activations: usize,
    /// Users written.
    pub users: usize,
}

/// Adds the data set of [`ScaleSpec`] to the demo account `account_id` (its "Acme Corp").
pub async fn seed_scale(
    db: &Db,
    pw: &Passwords,
    account_id: Uuid,
    spec: ScaleSpec,
) -> Result<ScaleSummary> {
    let org = organization::Entity::find()
        .filter(organization::Column::AccountId.eq(account_id))
        .filter(organization::Column::Name.eq("Acme Corp"))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::invalid("organization", "Run seed-demo first."))?;
    let products: Vec<Uuid> = product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    if products.is_empty() {
        return Err(ServiceError::invalid("product", "Run seed-demo first."));
    }
    let now = Utc::now();
    let per_license = spec.activations / spec.licenses.max(1);
    let mut licenses = Vec::with_capacity(spec.licenses + 1);
    let mut rows = Vec::with_capacity(BATCH);
    let tx = db.begin().await?;
    for i in 0..=spec.licenses {
        let big = i == spec.licenses;
        let machines = if big {
            spec.machines_on_one
        } else {
            per_license
        };
        let id = Uuid::now_v7();
        licenses.push((id, machines));
        let status = match i % 20 {
            0 => "suspended",
            1 => "revoked",
            _ => "active",
        };
        // A spread of expiry dates: some past, most ahead, some never.
        let expires_at = match i % 10 {
            0 => None,
            1 => Some(now - Duration::days((i % 300) as i64 + 1)),
            _ => Some(now + Duration::days((i % 700) as i64 + 1)),
        };
        let row = license::ActiveModel {
            id: Set(id),
            account_id: Set(account_id),
            product_id: Set(products[i % products.len()]),
            key: Set(LicenseKey::generate().as_str().to_owned()),
            owner_user_id: Set(None),
            organization_id: Set(Some(org.id)),
            status: Set(status.to_owned()),
            expires_at: Set(expires_at),
            maintenance_expires_at: Set(expires_at),
            allowed_activations: Set(Some(machines as i64 + 5)),
            allowed_deactivations: Set(None),
            activations_count: Set(machines as i64),
            deactivations_used: Set(0),
            offline_allowed: Set(i % 3 == 0),
            offline_lease_days: Set(Some(30)),
            metadata: Set(r#"{"edition":"pro"}"#.to_owned()),
            created_at: Set(now - Duration::seconds((spec.licenses - i) as i64)),
            updated_at: Set(now),
            expiry_stage: Set(crate::tallies::stage_of(expires_at, now)),
        };
        rows.push(row);
        if rows.len() == BATCH {
            license::Entity::insert_many(std::mem::take(&mut rows))
                .exec_without_returning(&tx)
                .await?;
        }
    }
    if !rows.is_empty() {
        license::Entity::insert_many(rows)
            .exec_without_returning(&tx)
            .await?;
    }
    tx.commit().await?;

    let mut written = 0;
    let mut batch = Vec::with_capacity(BATCH);
    let mut tx = db.begin().await?;
    for (n, (license_id, machines)) in licenses.iter().enumerate() {
        for m in 0..*machines {
            let seen = now - Duration::minutes(((n + m) % 10_000) as i64);
            batch.push(activation::ActiveModel {
                id: Set(Uuid::now_v7()),
                account_id: Set(account_id),
                license_id: Set(*license_id),
                fingerprint: Set(format!("{:032x}{:032x}", n, m)),
                hostname: Set(format!("host-{n}-{m}")),
                os: Set("Linux 6.8 (x86_64)".to_owned()),
                app_version: Set(Some("4.2.1".to_owned())),
                mode: Set(if m % 4 == 0 { "offline" } else { "online" }.to_owned()),
                client_pub: Set(None),
                activated_at: Set(seen - Duration::days(1)),
                last_seen_at: Set(seen),
                deactivated_at: Set(None),
                deactivated_by: Set(None),
                deactivation_method: Set(None),
            });
            if batch.len() == BATCH {
                activation::Entity::insert_many(std::mem::take(&mut batch))
                    .exec_without_returning(&tx)
                    .await?;
                written += BATCH;
                if written % (BATCH * 20) == 0 {
                    tx.commit().await?;
                    tx = db.begin().await?;
                }
            }
        }
    }
    written += batch.len();
    if !batch.is_empty() {
        activation::Entity::insert_many(batch)
            .exec_without_returning(&tx)
            .await?;
    }
    tx.commit().await?;

    // One hash for every user: hashing thousands would take minutes and prove nothing here.
    let hash = pw
        .hash(&SecretString::from(super::DEMO_PASSWORD))
        .await?
        .as_phc()
        .to_owned();
    let mut users = Vec::with_capacity(BATCH);
    let tx = db.begin().await?;
    for i in 0..spec.users {
        users.push(user::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(account_id),
            kind: Set(user::KIND_CUSTOMER.to_owned()),
            staff_role: Set(None),
            customer_role: Set(Some(CustomerRole::Member.as_str().to_owned())),
            organization_id: Set(Some(org.id)),
            email: Set(format!("user{i:05}@acme.example")),
            first_name: Set(format!("User{i:05}")),
            last_name: Set("Scale".to_owned()),
            password_hash: Set(hash.clone()),
            status: Set(user::STATUS_ACTIVE.to_owned()),
            last_login_at: Set(None),
            created_at: Set(now),
            unread_notifications: Set(0),
            updated_at: Set(now),
        });
        if users.len() == BATCH {
            user::Entity::insert_many(std::mem::take(&mut users))
                .exec_without_returning(&tx)
                .await?;
        }
    }
    if !users.is_empty() {
        user::Entity::insert_many(users)
            .exec_without_returning(&tx)
            .await?;
    }
    tx.commit().await?;

    // Bulk rows bypass the hooks: the dashboard counters are made from the rows once.
    crate::tallies::rebuild(db, Utc::now()).await?;
    // A bulk load leaves PostgreSQL without statistics until autovacuum's next analyze (a
    // minute or more later); its plans meanwhile guess, and the license list read all
    // 100,000 of Acme's licenses to sort them (50 ms instead of 0.1). SQLite's plans are
    // written for no statistics (docs/decisions.md, issue 13), so it is left as it is.
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("ANALYZE").await?;
    }

    let total = license::Entity::find()
        .filter(license::Column::OrganizationId.eq(org.id))
        .count(db)
        .await?;
    Ok(ScaleSummary {
        organization_id: org.id,
        big_license_id: licenses.last().map(|l| l.0).unwrap_or_default(),
        deep_cursor: licenses[licenses.len() / 2].0,
        licenses: total,
        activations: written,
        users: spec.users,
    })
}
