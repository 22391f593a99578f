//! `keyport license create`.

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::{
    entities::{organization, product, user},
    licenses::{self, NewLicense},
};
use uuid::Uuid;

use super::{CommandError, open_migrated};
use crate::cli::{LicenseCommand, LicenseCreateArgs};

pub async fn run(cmd: LicenseCommand) -> Result<(), CommandError> {
    match cmd {
        LicenseCommand::Create(args) => create(args).await,
    }
}

fn not_found(what: &str, name: &str) -> CommandError {
    CommandError::Config(format!("No {what} named {name:?} in this account."))
}

fn midnight(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

async fn create(args: LicenseCreateArgs) -> Result<(), CommandError> {
    let db = open_migrated(&args.store).await?;
    let account = service::accounts::find_account(&db, &args.account)
        .await?
        .ok_or_else(|| {
            CommandError::Config(format!("No account with alias {:?}.", args.account))
        })?;
    let products = product::Entity::find()
        .filter(product::Column::AccountId.eq(account.id))
        .all(&db)
        .await
        .map_err(service::ServiceError::from)?;
    let product = products
        .into_iter()
        .find(|p| p.name == args.product || p.id.to_string() == args.product)
        .ok_or_else(|| not_found("product", &args.product))?;
    let organization_id = match &args.organization {
        None => None,
        Some(name) => Some(
            organization::Entity::find()
                .filter(organization::Column::AccountId.eq(account.id))
                .all(&db)
                .await
                .map_err(service::ServiceError::from)?
                .into_iter()
                .find(|o| &o.name == name || &o.id.to_string() == name)
                .ok_or_else(|| not_found("organization", name))?
                .id,
        ),
    };
    let owner_user_id: Option<Uuid> = match &args.owner_email {
        None => None,
        Some(email) => Some(
            user::Entity::find()
                .filter(user::Column::AccountId.eq(account.id))
                .filter(user::Column::Email.eq(email.trim().to_lowercase()))
                .one(&db)
                .await
                .map_err(service::ServiceError::from)?
                .ok_or_else(|| not_found("user", email))?
                .id,
        ),
    };
    let new = NewLicense {
        product_id: product.id,
        owner_user_id,
        organization_id,
        expires_at: args.expires.map(midnight),
        maintenance_expires_at: args.maintenance_expires.map(midnight),
        allowed_activations: args.allowed_activations,
        allowed_deactivations: args.allowed_deactivations,
        offline_allowed: args.offline,
        offline_lease_days: args.lease_days,
        metadata: args.metadata,
        group_ids: vec![],
    };
    let (id, key) = licenses::create(&db, account.id, new).await?;
    // The full key goes to stdout for the operator only (never to the log).
    println!(
        "{}",
        serde_json::json!({
            "id": id,
            "key": key.as_str(),
            "product_id": product.id,
            "kid": product.kid,
            "public_key": product.public_key,
        })
    );
    Ok(())
}
