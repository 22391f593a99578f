//! `/vendor/releases`: every release of the account, with an upload form, publish and yank for
//! admins, and five-minute signed download links for staff to hand to a customer.
//!
//! The upload form is a plain multipart POST to `/vendor/releases/upload` (an axum route, not a
//! server function: files stream past the 64 KiB cap). Hydrated, the same form is sent by
//! XMLHttpRequest with a progress bar and a live status (see `progress`).

#[cfg(feature = "hydrate")]
mod progress;

use crate::{
    api::releases::{CreateDownloadLink, PublishRelease, YankRelease, list_vendor_releases},
    components::{
        confirm::{Confirm, ConfirmButton},
        error_view::ErrorView,
        format,
    },
    dto::{Named, Release},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The vendor's release list.
#[component]
pub fn VendorReleasesPage() -> impl IntoView {
    let list = page_data(|| (), |()| list_vendor_releases());
    // Rows reload the list after a yank or publish: when hydrated, the redirect back to this
    // page is a client-side navigation that does not rerun the resource by itself.
    provide_context(Reload(Callback::new(move |()| list.refetch())));
    let query = use_query_map();
    let saved = move || match query.read().get("saved").as_deref() {
        Some("yanked") => Some("The release was yanked."),
        Some("published") => Some("The release was published."),
        Some("uploaded") => Some("The release was uploaded and published."),
        _ => None,
    };
    let error = move || query.read().get("error");
    let link = move || query.read().get("link");
    // Page-level, so the status survives the list (and the form in it) being re-rendered.
    let percent = RwSignal::new(None::<u32>);
    let status = RwSignal::new(String::new());
    view! {
        <Title text="Releases" />
        <h1>"Releases"</h1>
        <p role="status" class="notice">{saved}</p>
        <p role="alert" class="error">{error}</p>
        {move || link().map(|token| view! { <SignedLink token /> })}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(data) => {
                        let upload = data
                            .can_manage
                            .then(|| {
                                view! {
                                    <UploadForm
                                        products=data.products
                                        percent=percent
                                        status=status
                                        on_done=move || list.refetch()
                                    />
                                }
                            });
                        let table = if data.releases.is_empty() {
                            view! { <p class="empty">"No releases yet."</p> }.into_any()
                        } else {
                            view! { <Table releases=data.releases /> }.into_any()
                        };
                        view! { {upload} {table} }.into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
        <p class="muted">
            "From a script, publish with "
            <code>"keyport release publish --account ALIAS --product NAME --version 2.4.1 --platform linux --arch x86_64 FILE"</code>
            "."
        </p>
    }
}

/// The link the last "Get link" made (it arrives in the URL, so it works without JavaScript).
#[component]
fn SignedLink(token: String) -> impl IntoView {
    let path = format!("/downloads/signed/{token}");
    view! {
        <section id="signed-link" aria-labelledby="signed-link-title" data-testid="signed-link">
            <h2 id="signed-link-title">"Download link"</h2>
            <p>
                "Anyone with this link can download the file for 5 minutes, without signing in: "
                <a href=path.clone()>{path.clone()}</a>
            </p>
        </section>
    }
}

/// The upload form: works as a plain form post; hydrated, shows upload progress.
#[component]
fn UploadForm(
    /// The products to choose from.
    products: Vec<Named>,
    /// Upload progress in percent, while the hydrated form sends.
    percent: RwSignal<Option<u32>>,
    /// The sentence for the live region.
    status: RwSignal<String>,
    /// Called once a hydrated upload is published (reloads the list).
    on_done: impl Fn() + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // Without the WASM the browser posts the form itself; hydrated, it goes by
        // XMLHttpRequest to report progress (the only browser-specific code on this page).
        #[cfg(feature = "hydrate")]
        progress::send(ev, percent, status, on_done);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, percent, status, on_done);
    };
    view! {
        <section id="upload" aria-labelledby="upload-title">
            <h2 id="upload-title">"Upload a release"</h2>
            <form
                method="post"
                action="/vendor/releases/upload"
                enctype="multipart/form-data"
                aria-labelledby="upload-title"
                on:submit=on_submit
            >
                <div class="field">
                    <label for="upload-product">"Product"</label>
                    <select id="upload-product" name="product" required>
                        {products
                            .into_iter()
                            .map(|p| view! { <option value=p.id.to_string()>{p.name}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="upload-version">"Version"</label>
                    <input id="upload-version" name="version" required placeholder="2.4.1" autocomplete="off" />
                </div>
                <div class="field">
                    <label for="upload-channel">"Channel"</label>
                    <input id="upload-channel" name="channel" required value="stable" autocomplete="off" />
                </div>
                <div class="field">
                    <label for="upload-platform">"Platform"</label>
                    <input id="upload-platform" name="platform" required placeholder="linux" autocomplete="off" />
                </div>
                <div class="field">
                    <label for="upload-arch">"Architecture"</label>
                    <input id="upload-arch" name="arch" required placeholder="x86_64" autocomplete="off" />
                </div>
                <div class="field">
                    <label for="upload-notes">"Release notes (Markdown)"</label>
                    <textarea id="upload-notes" name="notes" rows="4"></textarea>
                </div>
                // Last: the server makes the draft from the fields above before the files stream in.
                <div class="field">
                    <label for="upload-files">"Files"</label>
                    <input id="upload-files" name="files" type="file" multiple required />
                </div>
                <button type="submit">"Upload and publish"</button>
                {move || percent.get().map(|p| view! {
                    <progress max="100" value=p.to_string() aria-label="Upload progress" data-testid="upload-progress">
                        {format!("{p}%")}
                    </progress>
                })}
                <p role="status" aria-live="polite" class="notice" data-testid="upload-status">{move || status.get()}</p>
            </form>
        </section>
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
                {releases.into_iter().map(|r| view! { <Row r /> }.into_any()).collect_view()}
            </tbody>
        </table>
    }
}

/// Reloads the release list (provided by the page).
#[derive(Clone, Copy)]
struct Reload(Callback<()>);

#[component]
fn Row(r: Release) -> impl IntoView {
    let yank = ServerAction::<YankRelease>::new();
    let publish = ServerAction::<PublishRelease>::new();
    if let Some(Reload(reload)) = use_context::<Reload>() {
        Effect::new(move |_| {
            let done = matches!(yank.value().get(), Some(Ok(())))
                || matches!(publish.value().get(), Some(Ok(())));
            if done {
                reload.run(());
            }
        });
    }
    let id = r.id.to_string();
    let label = format!("{} {} {} {}", r.version, r.channel, r.platform, r.arch);
    let (id2, label2) = (id.clone(), label.clone());
    let published = r.status == "published";
    let files = r
        .files
        .iter()
        .map(|f| {
            let link = ServerAction::<CreateDownloadLink>::new();
            let file = f.id.to_string();
            let name = f.name.clone();
            view! {
                <div>
                    {name.clone()}
                    {published.then(|| view! {
                        <ActionForm action=link attr:class="inline">
                            <input type="hidden" name="file" value=file />
                            <button type="submit" class="secondary" aria-label=format!("Get a 5-minute link to {name}")>
                                "Get link"
                            </button>
                        </ActionForm>
                    })}
                </div>
            }
            .into_any()
        })
        .collect_view();
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
                {(r.status == "published").then(|| {
                    let name = format!("Yank {label2}");
                    let what = format!(
                        "{label2} disappears from every customer's releases and can never be downloaded again."
                    );
                    view! {
                        <Confirm action="Yank" label=name.clone() what undo="This cannot be undone: publish a new version instead.">
                            <ActionForm action=yank>
                                <input type="hidden" name="id" value=id2 />
                                <ConfirmButton text="Yes, yank" label=name />
                            </ActionForm>
                        </Confirm>
                    }
                })}
            </td>
        </tr>
    }
}
