//! `keyport product rotate-key`.

use sea_orm::EntityTrait;
use service::entities::product;

use super::{CommandError, account_named, open_migrated, product_named};
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
    let account = account_named(&db, &args.account).await?;
    let found = product_named(&db, account.id, &args.product).await?;
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
