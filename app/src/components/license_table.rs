//! A table of licenses, linking each key to its page.

use crate::{
    components::{format, status_badge::StatusBadge},
    dto::LicenseRow,
};
use leptos::prelude::*;

/// Licenses as rows; `full` adds the owner and group columns of the license list.
#[component]
pub fn LicenseTable(rows: Vec<LicenseRow>, #[prop(default = false)] full: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No licenses to show."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
        <table class="licenses">
            <thead>
                <tr>
                    <th scope="col">"Key"</th>
                    <th scope="col">"Product"</th>
                    {full.then(|| view! { <th scope="col">"Owner"</th> <th scope="col">"Groups"</th> })}
                    <th scope="col">"Status"</th>
                    <th scope="col">"Expires"</th>
                    <th scope="col">"Activations"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let groups = row.groups.join(", ");
                        view! {
                            <tr>
                                <td>
                                    <a class="key" href=format!("/licenses/{}", row.id)>
                                        {row.key.clone()}
                                    </a>
                                </td>
                                <td class="wrap">{row.product_name.clone()}</td>
                                {full.then(|| view! { <td class="wrap">{row.owner.clone()}</td> <td class="wrap">{groups}</td> })}
                                <td>
                                    <StatusBadge status=row.status />
                                </td>
                                <td>{format::date(row.expires_at)}</td>
                                <td>{format::usage(row.activations, row.allowed_activations)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
