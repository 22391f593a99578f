//! The vendor console's products: list, create, rename, show or hide in the catalog.

use crate::{AppError, dto::vendor_products::VendorProducts};
use leptos::prelude::*;

/// Every product of the account with its key (vendor staff only).
#[server(prefix = "/rpc", endpoint = "get_vendor_products")]
pub async fn get_vendor_products() -> Result<VendorProducts, AppError> {
    use crate::dto::vendor_products::VendorProduct;

    let s = super::context::signed_in()?;
    let rows = service::products::list(&s.state.db, &s.principal).await?;
    let settings = service::portal::view(&s.state.db, &s.principal).await?;
    Ok(VendorProducts {
        products: rows
            .into_iter()
            .map(|p| VendorProduct {
                id: p.id,
                name: p.name,
                visible: p.visible,
                kid: p.kid,
                public_key: p.public_key,
                offline_help: p.offline_help.unwrap_or_default(),
            })
            .collect(),
        visible_by_default: settings.products_visible_by_default,
        can_manage: super::convert::is_vendor_admin(&s.principal),
    })
}

/// `visible` / `hidden`, or `default` (the account's default for new products).
#[cfg(feature = "ssr")]
fn parse_visibility(v: &str) -> Result<Option<bool>, AppError> {
    match v.trim() {
        "" | "default" => Ok(None),
        "visible" => Ok(Some(true)),
        "hidden" => Ok(Some(false)),
        _ => Err(AppError::invalid(
            "visibility",
            "Choose visible, hidden or the account default.",
        )),
    }
}

#[cfg(feature = "ssr")]
fn product_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)
}

/// Creates a product with a new signing key (vendor admins only).
#[server(prefix = "/rpc", endpoint = "create_product")]
pub async fn create_product(name: String, visibility: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let visible = parse_visibility(&visibility)?;
    let ip = s.ctx.ip.as_deref();
    let key = &s.state.master_key;
    service::products::create(&s.state.db, key, &s.principal, &name, visible, ip).await?;
    leptos_axum::redirect("/vendor/products?saved=created");
    Ok(())
}

/// Renames a product (vendor admins only).
#[server(prefix = "/rpc", endpoint = "rename_product")]
pub async fn rename_product(id: String, name: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = product_id(&id)?;
    service::products::rename(&s.state.db, &s.principal, id, &name, s.ctx.ip.as_deref()).await?;
    leptos_axum::redirect("/vendor/products?saved=renamed");
    Ok(())
}

/// Shows (`visible` = `true`) or hides a product in customers' catalogs (vendor admins only).
#[server(prefix = "/rpc", endpoint = "set_product_visibility")]
pub async fn set_product_visibility(id: String, visible: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = product_id(&id)?;
    let visible = match visible.trim() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::invalid("visible", "Choose true or false.")),
    };
    let ip = s.ctx.ip.as_deref();
    service::products::set_visible(&s.state.db, &s.principal, id, visible, ip).await?;
    let saved = if visible { "shown" } else { "hidden" };
    leptos_axum::redirect(&format!("/vendor/products?saved={saved}"));
    Ok(())
}

/// Sets a product's offline activation help (vendor admins only; blank: none).
#[server(prefix = "/rpc", endpoint = "set_product_offline_help")]
pub async fn set_product_offline_help(id: String, offline_help: String) -> Result<(), AppError> {
    let s = super::context::signed_in()?;
    let id = product_id(&id)?;
    let ip = s.ctx.ip.as_deref();
    service::products::set_offline_help(&s.state.db, &s.principal, id, &offline_help, ip).await?;
    leptos_axum::redirect("/vendor/products?saved=offline-help");
    Ok(())
}
