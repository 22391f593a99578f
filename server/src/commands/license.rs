//! `keyport license create`.

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::{
    entities::{organization, user},
    licenses::{self, NewLicense},
};
use uuid::Uuid;

use super::{CommandError, account_named, open_migrated, product_named};
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
    let account = account_named(&db, &args.account).await?;
    let product = product_named(&db, account.id, &args.product).await?;
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
