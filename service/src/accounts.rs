//! Creating accounts, organizations, groups, users and products (for the CLI, the demo and
//! tests; the vendor console will build on the same functions).

mod organizations;
mod users;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tracing::{info, instrument};
use uuid::Uuid;

pub use organizations::{add_to_group, create_group, create_organization, set_contacts};
pub use users::{NewUser, NewUserKind, create_user, set_user_active};

use crate::{
    Db, FieldError, Result, ServiceError,
    crypto::{MasterKey, ProductKeys},
    entities::{account, product},
    error::ResultExt,
    tenancy::AccountInfo,
};

/// Creates a vendor account. The alias is 1-63 of `a-z`, `0-9`, `-` (a DNS label).
#[instrument(skip_all, fields(account.alias = alias))]
pub async fn create_account(
    db: &Db,
    name: &str,
    alias: &str,
    custom_domain: Option<&str>,
) -> Result<AccountInfo> {
    let name = name.trim();
    let alias = alias.trim().to_ascii_lowercase();
    let custom_domain = custom_domain
        .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|d| !d.is_empty());
    let mut errors = Vec::new();
    if let Some(m) = crate::domain::hidden_text(name, crate::domain::Joiners::Allowed, false) {
        errors.push(FieldError::new("name", m));
    } else if crate::domain::is_blank(name) || name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "The name must have 1 to 200 characters.",
        ));
    }
    if !is_dns_label(&alias) {
        errors.push(FieldError::new(
            "alias",
            "Use 1 to 63 lower-case letters, digits and dashes.",
        ));
    }
    if custom_domain
        .as_deref()
        .is_some_and(|d| !d.split('.').all(is_dns_label) || !d.contains('.'))
    {
        errors.push(FieldError::new(
            "custom_domain",
            "Enter a domain name such as portal.example.com.",
        ));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    if find_account(db, &alias).await?.is_some() {
        return Err(ServiceError::conflict(
            "alias",
            "This alias is already taken.",
        ));
    }
    if let Some(domain) = &custom_domain
        && account::Entity::find()
            .filter(account::Column::CustomDomain.eq(domain.as_str()))
            .one(db)
            .await?
            .is_some()
    {
        return Err(ServiceError::conflict(
            "custom_domain",
            "This domain is already in use.",
        ));
    }
    let id = Uuid::now_v7();
    account::Entity::insert(account::ActiveModel {
        id: Set(id),
        alias: Set(alias.clone()),
        name: Set(name.to_owned()),
        // Given by the operator on the command line, who runs the server: no DNS check.
        custom_domain: Set(custom_domain.clone()),
        custom_domain_pending: Set(None),
        created_at: Set(Utc::now()),
        config_version: Set(0),
    })
    .exec_without_returning(db)
    .await
    // A concurrent creation between the check and the insert.
    .on_unique("alias", "This alias is already taken.")?;
    crate::tenancy::hosts_changed();
    info!(account.id = %id, "Account created.");
    Ok(AccountInfo {
        id,
        alias,
        name: name.to_owned(),
        custom_domain,
    })
}

/// The account with this alias.
pub async fn find_account(db: &Db, alias: &str) -> Result<Option<AccountInfo>> {
    Ok(account::Entity::find()
        .filter(account::Column::Alias.eq(alias.trim().to_ascii_lowercase()))
        .one(db)
        .await?
        .map(AccountInfo::from))
}

/// Creates a product with a new Ed25519 key pair, the private key sealed with the master key,
/// visible to customers as the account's "new products are visible" default says.
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn create_product(
    db: &Db,
    master_key: &MasterKey,
    account_id: Uuid,
    name: &str,
) -> Result<Uuid> {
    let visible = crate::portal::settings(db, account_id)
        .await?
        .products_visible_by_default;
    insert_product(db, master_key, account_id, name, visible).await
}

/// Inserts a product after checking its name; `visible` as given.
pub(crate) async fn insert_product<C: sea_orm::ConnectionTrait>(
    conn: &C,
    master_key: &MasterKey,
    account_id: Uuid,
    name: &str,
    visible: bool,
) -> Result<Uuid> {
    let name = crate::products::check_name(name)?;
    let keys = ProductKeys::generate(master_key)?;
    let id = Uuid::now_v7();
    product::Entity::insert(product::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        name: Set(name),
        visible: Set(visible),
        kid: Set(keys.kid),
        public_key: Set(keys.public_key),
        encrypted_private_key: Set(keys.encrypted_private_key),
        created_at: Set(Utc::now()),
        offline_help: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    info!(product.id = %id, "Product created.");
    Ok(id)
}

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_dns_label;

    #[test]
    fn aliases_are_dns_labels() {
        assert!(is_dns_label("demo"));
        assert!(is_dns_label("acme-2"));
        for bad in ["", "-demo", "demo-", "De", "a.b", "a_b", &"a".repeat(64)] {
            assert!(!is_dns_label(bad), "{bad:?} was accepted");
        }
    }
}
