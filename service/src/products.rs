//! The vendor's products as staff manage them (`/vendor/products`): list, create, rename,
//! show or hide in the customer catalog. Vendor admins change them, vendor support reads.
//!
//! Catalog visibility (DESIGN.md section 2): customers only see entries that are visible. A
//! hidden product's releases are not listed to customers and its files are not served to them;
//! a license of a hidden product stays on the customer's license list, because it is their
//! entitlement (see `docs/portal-settings.md`).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde_json::json;
use tracing::{info, instrument};
use uuid::Uuid;

use crate::{
    Db, Principal, Result, ServiceError,
    accounts::insert_product,
    audit::{self, AuditEntry, Outcome},
    crypto::MasterKey,
    entities::product,
    portal,
};

/// Longest product name, in characters.
pub const MAX_NAME: usize = 200;

/// Longest offline activation help, in characters.
pub const MAX_OFFLINE_HELP: usize = 1000;

/// A product as the vendor console lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    /// Product id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Customers see it in the catalog.
    pub visible: bool,
    /// Key id of the active signing key.
    pub kid: String,
    /// Active Ed25519 public key, base64url.
    pub public_key: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// The vendor's words for making an offline request file in it.
    pub offline_help: Option<String>,
}

impl From<product::Model> for ProductRow {
    fn from(p: product::Model) -> Self {
        Self {
            id: p.id,
            name: p.name,
            visible: p.visible,
            kid: p.kid,
            public_key: p.public_key,
            created_at: p.created_at,
            offline_help: p.offline_help,
        }
    }
}

/// A trimmed name of 1 to [`MAX_NAME`] characters, or a field error.
pub(crate) fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if let Some(m) = crate::domain::hidden_text(name, crate::domain::Joiners::Allowed, false) {
        return Err(ServiceError::invalid("name", &m));
    }
    if crate::domain::is_blank(name) || name.chars().count() > MAX_NAME {
        return Err(ServiceError::invalid(
            "name",
            &format!("The name must have 1 to {MAX_NAME} characters."),
        ));
    }
    Ok(name.to_owned())
}

fn staff(principal: &Principal) -> Result<()> {
    match principal {
        Principal::Staff(_) => Ok(()),
        Principal::Customer(_) => Err(ServiceError::Forbidden),
    }
}

/// Every product of the principal's account, by name (staff only).
pub async fn list(db: &Db, principal: &Principal) -> Result<Vec<ProductRow>> {
    staff(principal)?;
    Ok(product::Entity::find()
        .filter(product::Column::AccountId.eq(principal.account_id()))
        .order_by_asc(product::Column::Name)
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(ProductRow::from)
        .collect())
}

/// Ids of the account's hidden products: what customers' catalogs leave out.
pub(crate) async fn hidden_ids<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::AccountId.eq(account_id))
        .filter(product::Column::Visible.eq(false))
        .into_tuple()
        .all(conn)
        .await?)
}

async fn name_taken<C: ConnectionTrait>(
    conn: &C,
    account_id: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<bool> {
    let lower = name.to_lowercase();
    Ok(product::Entity::find()
        .filter(product::Column::AccountId.eq(account_id))
        .all(conn)
        .await?
        .iter()
        .any(|p| Some(p.id) != except && p.name.to_lowercase() == lower))
}

fn taken() -> ServiceError {
    ServiceError::invalid("name", "Another product already has this name.")
}

async fn find<C: ConnectionTrait>(conn: &C, account_id: Uuid, id: Uuid) -> Result<product::Model> {
    product::Entity::find_by_id(id)
        .filter(product::Column::AccountId.eq(account_id))
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn record<C: ConnectionTrait>(
    conn: &C,
    principal: &Principal,
    action: &str,
    id: Uuid,
    before: serde_json::Value,
    after: serde_json::Value,
    ip: Option<&str>,
) -> Result<()> {
    audit::record(
        conn,
        AuditEntry {
            account_id: principal.account_id(),
            actor_user_id: Some(principal.user_id()),
            actor_email: principal.email(),
            organization_id: None,
            action,
            target_type: "product",
            target_id: id.to_string(),
            outcome: Outcome::Success,
            ip,
            details: json!({"before": before, "after": after}),
        },
    )
    .await
}

/// Creates a product with a new signing key (vendor admins). `visible`: None takes the
/// account's "new products are visible" default.
#[instrument(skip_all, fields(account.id = %principal.account_id()))]
pub async fn create(
    db: &Db,
    master_key: &MasterKey,
    principal: &Principal,
    name: &str,
    visible: Option<bool>,
    ip: Option<&str>,
) -> Result<Uuid> {
    principal.require_vendor_admin()?;
    let account_id = principal.account_id();
    let name = check_name(name)?;
    let visible = match visible {
        Some(v) => v,
        None => {
            portal::settings(db, account_id)
                .await?
                .products_visible_by_default
        }
    };
    let tx = db.begin().await?;
    if name_taken(&tx, account_id, &name, None).await? {
        return Err(taken());
    }
    let id = insert_product(&tx, master_key, account_id, &name, visible).await?;
    let after = json!({"name": name, "visible": visible});
    record(&tx, principal, "product.create", id, json!(null), after, ip).await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a product (vendor admins).
#[instrument(skip_all, fields(account.id = %principal.account_id(), product.id = %id))]
pub async fn rename(
    db: &Db,
    principal: &Principal,
    id: Uuid,
    name: &str,
    ip: Option<&str>,
) -> Result<()> {
    principal.require_vendor_admin()?;
    let account_id = principal.account_id();
    let name = check_name(name)?;
    let tx = db.begin().await?;
    let old = find(&tx, account_id, id).await?;
    if old.name == name {
        return Ok(());
    }
    if name_taken(&tx, account_id, &name, Some(id)).await? {
        return Err(taken());
    }
    product::Entity::update(product::ActiveModel {
        id: Set(id),
        name: Set(name.clone()),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    let (before, after) = (json!({"name": old.name}), json!({"name": name}));
    record(&tx, principal, "product.rename", id, before, after, ip).await?;
    tx.commit().await?;
    info!("Product renamed.");
    Ok(())
}

/// Shows or hides a product in customers' catalogs (vendor admins).
#[instrument(skip_all, fields(account.id = %principal.account_id(), product.id = %id))]
pub async fn set_visible(
    db: &Db,
    principal: &Principal,
    id: Uuid,
    visible: bool,
    ip: Option<&str>,
) -> Result<()> {
    principal.require_vendor_admin()?;
    let tx = db.begin().await?;
    let old = find(&tx, principal.account_id(), id).await?;
    if old.visible == visible {
        return Ok(());
    }
    product::Entity::update(product::ActiveModel {
        id: Set(id),
        visible: Set(visible),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    let (before, after) = (json!({"visible": old.visible}), json!({"visible": visible}));
    record(&tx, principal, "product.visibility", id, before, after, ip).await?;
    tx.commit().await?;
    info!(product.visible = visible, "Product visibility changed.");
    Ok(())
}

/// Sets the words customers read on the offline pages for this product: where, in it, they
/// make the request file (vendor admins). Blank goes back to the portal's generic sentence.
/// Plain text: pages show it as text.
#[instrument(skip_all, fields(account.id = %principal.account_id(), product.id = %id))]
pub async fn set_offline_help(
    db: &Db,
    principal: &Principal,
    id: Uuid,
    help: &str,
    ip: Option<&str>,
) -> Result<()> {
    principal.require_vendor_admin()?;
    let help = help.trim();
    if let Some(m) = crate::domain::hidden_text(help, crate::domain::Joiners::Allowed, true) {
        return Err(ServiceError::invalid("offline_help", &m));
    }
    if help.chars().count() > MAX_OFFLINE_HELP {
        return Err(ServiceError::invalid(
            "offline_help",
            &format!("The help must have at most {MAX_OFFLINE_HELP} characters."),
        ));
    }
    let help = (!help.is_empty()).then(|| help.to_owned());
    let tx = db.begin().await?;
    let old = find(&tx, principal.account_id(), id).await?;
    if old.offline_help == help {
        return Ok(());
    }
    product::Entity::update(product::ActiveModel {
        id: Set(id),
        offline_help: Set(help.clone()),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    let before = json!({"offline_help": old.offline_help});
    let after = json!({"offline_help": help});
    record(
        &tx,
        principal,
        "product.offline_help",
        id,
        before,
        after,
        ip,
    )
    .await?;
    tx.commit().await?;
    info!("Product offline help changed.");
    Ok(())
}

/// The offline activation help of the account's visible products that have one, by product
/// name: what a customer who may activate or deactivate offline reads before making the file.
/// Bounded by the account's products.
pub async fn offline_help(db: &Db, principal: &Principal) -> Result<Vec<(String, String)>> {
    use crate::permissions::Permission;
    if !(principal.can(Permission::OfflineActivate) || principal.can(Permission::OfflineDeactivate))
    {
        return Err(ServiceError::Forbidden);
    }
    Ok(product::Entity::find()
        .filter(product::Column::AccountId.eq(principal.account_id()))
        .filter(product::Column::Visible.eq(true))
        .filter(product::Column::OfflineHelp.is_not_null())
        .order_by_asc(product::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.name, p.offline_help?)))
        .collect())
}
