//! `/releases` (every product of the user) and `/licenses/{id}/releases` (one license):
//! releases grouped by product, channel and platform, newest first, each eligible or not
//! with the reason.

use crate::{
    AppError,
    api::releases::list_releases,
    components::{copy_button::CopyButton, error_view::ErrorView, format},
    dto::{Release, ReleaseList},
    page_data::page_data,
    pages::not_found::NotFound,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The releases page; `license` routes pass their id.
#[component]
pub fn ReleasesPage() -> impl IntoView {
    let params = use_params_map();
    let list = page_data(move || params.read().get("id"), list_releases);
    view! {
        <Title text="Releases" />
        <h1>"Releases"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <Groups list /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Human size: 1.5 MB, 820 B.
fn size(bytes: i64) -> String {
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} kB", b / 1e3)
    } else if bytes < 1_000_000_000 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.2} GB", b / 1e9)
    }
}

#[component]
fn Groups(list: ReleaseList) -> impl IntoView {
    if list.releases.is_empty() {
        return view! { <p class="empty">"There are no releases for your licenses yet."</p> }
            .into_any();
    }
    let mut groups: Vec<(String, Vec<Release>)> = Vec::new();
    for r in list.releases {
        let title = format!(
            "{} · {} · {} {}",
            r.product_name, r.channel, r.platform, r.arch
        );
        match groups.last_mut() {
            Some((t, rs)) if *t == title => rs.push(r),
            _ => groups.push((title, vec![r])),
        }
    }
    let can_download = list.can_download;
    groups
        .into_iter()
        .map(|(title, releases)| {
            view! {
                <section class="release-group" aria-label=title.clone()>
                    <h2>{title.clone()}</h2>
                    {releases
                        .into_iter()
                        .map(|r| view! { <ReleaseCard r can_download /> }.into_any())
                        .collect_view()}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn ReleaseCard(r: Release, can_download: bool) -> impl IntoView {
    let verdict = if r.eligible {
        "Eligible".to_owned()
    } else {
        format!("Not eligible: {}", r.reason.clone().unwrap_or_default())
    };
    let class = if r.latest {
        "release latest"
    } else {
        "release"
    };
    view! {
        <article class=class data-testid="release" aria-label=format!("{} {}", r.product_name, r.version)>
            <h3>
                {r.version.clone()}
                {r.latest.then(|| view! { <span class="badge" data-testid="latest">"Latest eligible"</span> })}
            </h3>
            <p class="meta">"Published " {format::date(r.published_at)}</p>
            <p class=if r.eligible { "eligibility ok" } else { "eligibility no" } data-testid="eligibility">
                {verdict}
            </p>
            <div class="notes" inner_html=r.notes_html.clone()></div>
            <table>
                <caption class="visually-hidden">"Files"</caption>
                <thead>
                    <tr>
                        <th scope="col">"File"</th>
                        <th scope="col">"Size"</th>
                        <th scope="col">"SHA-256"</th>
                        {can_download.then(|| view! { <th scope="col">"Download"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {r
                        .files
                        .into_iter()
                        .map(|f| {
                            view! {
                                <tr>
                                    <td>{f.name.clone()}</td>
                                    <td>{size(f.size)}</td>
                                    <td>
                                        <code class="sha" data-testid="sha256">{f.sha256.clone()}</code>
                                        <CopyButton value=f.sha256.clone() label="Copy SHA-256" />
                                    </td>
                                    {can_download.then(|| view! {
                                        <td>
                                            {match f.download_url.clone() {
                                                Some(url) => view! {
                                                    <a class="button" href=url download=f.name.clone()>
                                                        "Download " {f.name.clone()}
                                                    </a>
                                                }.into_any(),
                                                None => view! { <span>"Not available"</span> }.into_any(),
                                            }}
                                        </td>
                                    })}
                                </tr>
                            }
                                .into_any()
                        })
                        .collect_view()}
                </tbody>
            </table>
        </article>
    }
    .into_any()
}
