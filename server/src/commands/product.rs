//! `keyport product rotate-key`.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::entities::product;

use super::{CommandError, open_migrated};
use crate::{
    cli::{ProductCommand, ProductRotateArgs},
    master_key,
};

pub async fn run(cmd: ProductCommand) -> Result<(), CommandError> {
    match cmd {
        ProductCommand::RotateKey(args) => rotate(args).await,
    }
}

async fn rotate(args: ProductRotateArgs) -> Result<(), CommandError> {
    let master = master_key::load(args.master_key.as_deref(), &args.store.data_dir)?;
    let db = open_migrated(&args.store).await?;
    let account = service::accounts::find_account(&db, &args.account)
        .await?
        .ok_or_else(|| {
            CommandError::Config(format!("No account with alias {:?}.", args.account))
        })?;
    let found = product::Entity::find()
        .filter(product::Column::AccountId.eq(account.id))
        .all(&db)
        .await
        .map_err(service::ServiceError::from)?
        .into_iter()
        .find(|p| p.name == args.product || p.id.to_string() == args.product)
        .ok_or_else(|| {
            CommandError::Config(format!(
                "No product named {:?} in this account.",
                args.product
            ))
        })?;
    let kid = service::signing::rotate(&db, &master, account.id, found.id, None).await?;
    let public_key = product::Entity::find_by_id(found.id)
        .one(&db)
        .await
        .map_err(service::ServiceError::from)?
        .map(|p| p.public_key)
        .unwrap_or_default();
    println!(
        "{}",
        serde_json::json!({ "product_id": found.id, "kid": kid, "public_key": public_key })
    );
    Ok(())
}
