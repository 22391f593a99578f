//! `/licenses`: every license the user may see, filtered and paginated.

use crate::{
    api::licenses::list_licenses,
    components::{error_view::ErrorView, license_table::LicenseTable},
    dto::{LicensePage, LicenseStatus},
    page_data::page_data,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The query string of the list, which is also the state of its filter form.
#[derive(Clone, Debug, PartialEq, Default)]
struct Query {
    status: String,
    product: String,
    q: String,
    after: String,
}

impl Query {
    fn opt(v: &str) -> Option<String> {
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// The link to the page after `next`, keeping the filters.
    fn next_href(&self, next: uuid::Uuid) -> String {
        let mut pairs = vec![];
        for (k, v) in [
            ("status", &self.status),
            ("product", &self.product),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                pairs.push(format!("{k}={}", urlencode(v)));
            }
        }
        pairs.push(format!("after={next}"));
        format!("/licenses?{}", pairs.join("&"))
    }
}

/// Keys, product ids and statuses are plain ASCII; encode the rest byte by byte.
fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The license list with its filter form (a plain GET form: works without JavaScript).
#[component]
pub fn LicensesPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let q = query_map.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Query {
            status: get("status"),
            product: get("product"),
            q: get("q"),
            after: get("after"),
        }
    });
    let page = page_data(
        move || query.get(),
        |q| {
            list_licenses(
                Query::opt(&q.status),
                Query::opt(&q.product),
                Query::opt(&q.q),
                Query::opt(&q.after),
            )
        },
    );
    view! {
        <Title text="Licenses" />
        <h1>"Licenses"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Ok(page) => view! { <Results page q /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(page: LicensePage, q: Query) -> impl IntoView {
    let next = page.next.map(|n| q.next_href(n));
    view! {
        <form method="get" action="/licenses" class="filters" role="search">
            <div class="field">
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="" selected=q.status.is_empty()>
                        "Any status"
                    </option>
                    {LicenseStatus::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=q.status == s.as_str()>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="product">"Product"</label>
                <select id="product" name="product">
                    <option value="" selected=q.product.is_empty()>
                        "Any product"
                    </option>
                    {page
                        .products
                        .iter()
                        .map(|p| {
                            let id = p.id.to_string();
                            let selected = q.product == id;
                            view! {
                                <option value=id selected=selected>
                                    {p.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="q">"Key starts with"</label>
                <input id="q" name="q" type="search" value=q.q.clone() placeholder="KP-7Q2MZ" />
            </div>
            <button type="submit">"Filter"</button>
        </form>
        <LicenseTable rows=page.rows full=true />
        {next
            .map(|href| {
                view! {
                    <p>
                        <a href=href rel="next">
                            "Next page"
                        </a>
                    </p>
                }
            })}
    }
}
