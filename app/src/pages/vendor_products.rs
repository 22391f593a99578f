//! `/vendor/products`: vendor staff see every product with its signing key; vendor admins
//! create, rename, show and hide them. Plain forms: everything works without the WASM.

use crate::{
    api::vendor_products::{
        CreateProduct, RenameProduct, SetProductOfflineHelp, SetProductVisibility,
        get_vendor_products,
    },
    components::{copy_button::CopyButton, error_view::ErrorView, saves::Saves},
    dto::{
        CurrentUser,
        vendor_products::{VendorProduct, VendorProducts},
    },
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The vendor's products; customers are sent to their dashboard.
#[component]
pub fn VendorProductsPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let saves = Saves::provide();
    let data = page_data(move || saves.revision(), |_| get_vendor_products());
    view! {
        <Title text="Products" />
        <h1>"Products"</h1>
        {saves.notice(saved_message)}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => saves.fresh(view! { <Products d /> }).into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn saved_message(saved: &str) -> Option<&'static str> {
    Some(match saved {
        "created" => "Product created.",
        "renamed" => "Product renamed.",
        "shown" => "The product is visible to customers.",
        "hidden" => "The product is hidden from customers.",
        "offline-help" => "Offline activation help saved.",
        _ => return None,
    })
}

#[component]
fn Products(d: VendorProducts) -> impl IntoView {
    let can_manage = d.can_manage;
    let default_word = if d.visible_by_default {
        "visible"
    } else {
        "hidden"
    };
    view! {
        <p>
            "Customers see the releases of visible products only; a license of a hidden product stays on their license list. New products are "
            {default_word}
            " by default ("<a href="/vendor/settings/portal">"portal settings"</a>")."
        </p>
        {if can_manage {
            view! { <CreateForm default_word /> }.into_any()
        } else {
            view! { <p>"Vendor admins create and change products; support staff read them."</p> }
                .into_any()
        }}
        <h2>"All products"</h2>
        {if d.products.is_empty() {
            view! { <p class="empty">"No products yet."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Visibility"</th>
                                <th scope="col">"Key id"</th>
                                <th scope="col">"Public key"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {d.products.into_iter().map(|p| view! { <Row p can_manage /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn CreateForm(default_word: &'static str) -> impl IntoView {
    let create = Saves::expect().action::<CreateProduct, _>();
    view! {
        <h2>"Create a product"</h2>
        <ActionForm action=create attr:aria-label="Create a product" attr:class="stacked">
            {move || create.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
            <div class="field">
                <label for="new-product-name">"Name"</label>
                <input id="new-product-name" name="name" type="text" required maxlength="200" />
            </div>
            <div class="field">
                <label for="new-product-visibility">"Visibility"</label>
                <select id="new-product-visibility" name="visibility">
                    <option value="default">{format!("Account default ({default_word})")}</option>
                    <option value="visible">"Visible to customers"</option>
                    <option value="hidden">"Hidden from customers"</option>
                </select>
            </div>
            <button type="submit">"Create product"</button>
        </ActionForm>
    }
}

#[component]
fn Row(p: VendorProduct, can_manage: bool) -> impl IntoView {
    let id = p.id.to_string();
    let status = if p.visible { "Visible" } else { "Hidden" };
    let name_cell = if can_manage {
        view! {
            <RenameForm id=id.clone() name=p.name.clone() />
            <OfflineHelpForm id=id.clone() name=p.name.clone() help=p.offline_help.clone() />
        }
        .into_any()
    } else {
        let help = (!p.offline_help.is_empty()).then(|| p.offline_help.clone());
        view! {
            {p.name.clone()}
            {help.map(|h| view! { <p class="muted">"Offline activation help: " {h}</p> })}
        }
        .into_any()
    };
    view! {
        <tr data-testid="vendor-product">
            <td class="wrap">{name_cell}</td>
            <td>
                <span data-testid="product-visibility">{status}</span>
                {can_manage.then(|| view! { <VisibilityForm id=id.clone() name=p.name.clone() visible=p.visible /> })}
            </td>
            <td><code>{p.kid.clone()}</code></td>
            <td class="wrap">
                <code>{p.public_key.clone()}</code>
                " "
                <CopyButton value=p.public_key label="Copy" />
            </td>
        </tr>
    }
}

#[component]
fn RenameForm(id: String, name: String) -> impl IntoView {
    let rename = Saves::expect().action::<RenameProduct, _>();
    let input_id = format!("name-{id}");
    view! {
        <ActionForm action=rename attr:class="inline">
            <input type="hidden" name="id" value=id />
            <label for=input_id.clone() class="visually-hidden">{format!("Name of {name}")}</label>
            <input id=input_id name="name" type="text" required maxlength="200" value=name.clone() />
            <button type="submit" class="secondary" aria-label=format!("Rename {name}")>"Rename"</button>
            {move || rename.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
        </ActionForm>
    }
}

#[component]
fn VisibilityForm(id: String, name: String, visible: bool) -> impl IntoView {
    let action = Saves::expect().action::<SetProductVisibility, _>();
    let (value, label) = if visible {
        ("false", "Hide")
    } else {
        ("true", "Show")
    };
    view! {
        <ActionForm action attr:class="inline">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="visible" value=value />
            <button type="submit" class="secondary" aria-label=format!("{label} {name}")>{label}</button>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
        </ActionForm>
    }
}

/// What customers read on the offline pages before making the request file in this product.
#[component]
fn OfflineHelpForm(id: String, name: String, help: String) -> impl IntoView {
    let action = Saves::expect().action::<SetProductOfflineHelp, _>();
    let field = format!("offline-help-{id}");
    let hint = format!("offline-help-hint-{id}");
    view! {
        <details class="offline-help">
            <summary>"Offline activation help"</summary>
            <ActionForm action attr:class="stacked">
                <input type="hidden" name="id" value=id />
                <label for=field.clone()>{format!("Offline activation help for {name}")}</label>
                <textarea id=field name="offline_help" rows="3" maxlength="1000" aria-describedby=hint.clone()>
                    {help}
                </textarea>
                <p class="muted" id=hint>
                    {format!(
                        "Where, in {name}, customers make the offline request file, in your words: \"In {name}, choose Help > Offline activation and save the request file.\" Blank: the portal's generic sentence.",
                    )}
                </p>
                <button type="submit" aria-label=format!("Save the offline activation help of {name}")>"Save"</button>
                {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorView error /> })}
            </ActionForm>
        </details>
    }
}
