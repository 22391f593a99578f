//! `/vendor/releases`: every release of the account, with publish and yank for admins.
//! Releases are published with `keyport release publish` (see README).

use crate::{
    api::releases::{PublishRelease, YankRelease, list_vendor_releases},
    components::{error_view::ErrorView, format},
    dto::Release,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The vendor's release list.
#[component]
pub fn VendorReleasesPage() -> impl IntoView {
    let list = Resource::new(|| (), |()| list_vendor_releases());
    let query = use_query_map();
    let saved = move || match query.read().get("saved").as_deref() {
        Some("yanked") => Some("The release was yanked."),
        Some("published") => Some("The release was published."),
        _ => None,
    };
    view! {
        <Title text="Releases" />
        <h1>"Releases"</h1>
        <p role="status">{saved}</p>
        <p>
            "Publish a release with "
            <code>"keyport release publish --account ALIAS --product NAME --version 2.4.1 --platform linux --arch x86_64 FILE"</code>
            "."
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.releases.is_empty() => {
                        view! { <p class="empty">"No releases yet."</p> }.into_any()
                    }
                    Ok(list) => view! { <Table releases=list.releases /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Table(releases: Vec<Release>) -> impl IntoView {
    view! {
        <table>
            <caption class="visually-hidden">"Releases"</caption>
            <thead>
                <tr>
                    <th scope="col">"Product"</th>
                    <th scope="col">"Version"</th>
                    <th scope="col">"Channel"</th>
                    <th scope="col">"Platform"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Published"</th>
                    <th scope="col">"Files"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                {releases.into_iter().map(|r| view! { <Row r /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Row(r: Release) -> impl IntoView {
    let yank = ServerAction::<YankRelease>::new();
    let publish = ServerAction::<PublishRelease>::new();
    let id = r.id.to_string();
    let label = format!("{} {} {} {}", r.version, r.channel, r.platform, r.arch);
    let (id2, label2) = (id.clone(), label.clone());
    let files = r
        .files
        .iter()
        .map(|f| f.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr data-testid="vendor-release">
            <td>{r.product_name.clone()}</td>
            <td>{r.version.clone()}</td>
            <td>{r.channel.clone()}</td>
            <td>{format!("{} {}", r.platform, r.arch)}</td>
            <td>{r.status.clone()}</td>
            <td>{format::date(r.published_at)}</td>
            <td>{files}</td>
            <td>
                {(r.status == "draft").then(|| view! {
                    <ActionForm action=publish>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" aria-label=format!("Publish {label}")>"Publish"</button>
                    </ActionForm>
                })}
                {(r.status == "published").then(|| view! {
                    <ActionForm action=yank>
                        <input type="hidden" name="id" value=id2 />
                        <button type="submit" class="secondary" aria-label=format!("Yank {label2}")>"Yank"</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}
