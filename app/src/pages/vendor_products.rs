//! `/vendor/products`: vendor staff see every product with its signing key; vendor admins
//! create, rename, show and hide them. Plain forms: everything works without the WASM.

use crate::{
    api::vendor_products::{
        CreateProduct, RenameProduct, SetProductVisibility, get_vendor_products,
    },
    components::{copy_button::CopyButton, error_view::ErrorView},
    dto::{
        CurrentUser,
        vendor_products::{VendorProduct, VendorProducts},
    },
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// The vendor's products; customers are sent to their dashboard.
#[component]
pub fn VendorProductsPage() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.is_staff {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("saved"));
    let data = page_data(move || saved.get(), |_| get_vendor_products());
    view! {
        <Title text="Products" />
        <h1>"Products"</h1>
        <p role="status" class="notice">{move || saved_message(saved.get().as_deref())}</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Products d /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn saved_message(saved: Option<&str>) -> Option<&'static str> {
    Some(match saved? {
        "created" => "Product created.",
        "renamed" => "Product renamed.",
        "shown" => "The product is visible to customers.",
        "hidden" => "The product is hidden from customers.",
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
    let create = ServerAction::<CreateProduct>::new();
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
        view! { <RenameForm id=id.clone() name=p.name.clone() /> }.into_any()
    } else {
        view! { {p.name.clone()} }.into_any()
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
    let rename = ServerAction::<RenameProduct>::new();
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
    let action = ServerAction::<SetProductVisibility>::new();
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
