//! The frame of every signed-in page: header, navigation, sign-out.

use crate::{
    AppError,
    api::auth::{Logout, get_current_user},
    components::error_view::ErrorView,
    dto::CurrentUser,
};
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

/// Loads the signed-in user, sends everyone else to `/login`, and frames the page.
#[component]
pub fn SignedInLayout() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    // Created here, outside the `<Suspense>`, like `user`: see `branding::provide_branding`.
    crate::components::branding::provide_branding();
    let unread = unread_resource();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(user) => {
                        provide_context(user.clone());
                        view! {
                            <crate::components::branding::BrandingStyle />
                            <crate::components::view_as_banner::ViewAsBanner user=user.clone() />
                            <Header user unread />
                            <main id="main">
                                <Outlet />
                            </main>
                        }
                            .into_any()
                    }
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(error) => view! { <main id="main"><ErrorView error /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Header(user: CurrentUser, unread: Resource<Result<i64, AppError>>) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let home = if user.is_staff { "/vendor" } else { "/" };
    view! {
        <header class="top">
            <a class="brand" href=home>
                <crate::components::branding::BrandLogo />
                // `data-brand`: the branding page's preview writes the name typed (pages/branding/live.rs).
                <span data-brand="name">
                    <crate::components::branding::PortalName fallback=user.portal_name.clone() />
                </span>
            </a>
            <nav aria-label="Main">
                <A href=home exact=true>
                    "Dashboard"
                </A>
                // Staff reach every license from the console, where they also issue them.
                {if user.is_staff {
                    view! { <A href="/vendor/licenses">"Licenses"</A> }.into_any()
                } else {
                    user.can("licenses.view")
                        .then(|| view! { <A href="/licenses">"Licenses"</A> })
                        .into_any()
                }}
                {if user.is_staff {
                    view! { <A href="/vendor/releases">"Releases"</A> }.into_any()
                } else {
                    view! { <A href="/releases">"Releases"</A> }.into_any()
                }}
                {user.can_offline_activate.then(|| view! { <A href="/offline/activate">"Offline activation"</A> })}
                {user.can_offline_deactivate.then(|| view! { <A href="/offline/deactivate">"Offline deactivation"</A> })}
                // Organization pages are for customers' own admins; staff manage from /vendor.
                {(!user.is_staff && user.can("users.manage"))
                    .then(|| view! { <A href="/org/users">"Users"</A> })}
                {(!user.is_staff && (user.can("groups.manage") || user.can("groups.assign_licenses")))
                    .then(|| view! { <A href="/org/groups">"Groups"</A> })}
                {(!user.is_staff && user.can("audit.view"))
                    .then(|| view! { <A href="/org/activity">"Activity"</A> })}
                {user.is_staff.then(|| view! {
                    <A href="/vendor/products">"Products"</A>
                    <A href="/vendor/organizations">"Organizations"</A>
                    <A href="/vendor/outbox">"Outbox"</A>
                })}
                {(!user.is_staff).then(|| view! { <UnreadLink unread /> })}
                <A href="/profile">"Profile"</A>
                {user
                    .is_staff
                    .then(|| {
                        view! {
                            <A href="/vendor/settings/portal">"Settings"</A>
                            <A href="/vendor/settings/branding">"Branding"</A>
                            <A href="/vendor/settings/notifications">"Notifications"</A>
                            <A href="/vendor/settings/domain">"Domain"</A>
                            <A href="/vendor/audit">"Audit log"</A>
                            <A href="/vendor/view-as">"View as customer"</A>
                        }
                    })}
            </nav>
            <div class="who">
                <span>{user.name.clone()} " · " {user.role_label.clone()}</span>
                <ActionForm action=logout>
                    <button type="submit" class="link">
                        "Sign out"
                    </button>
                </ActionForm>
            </div>
        </header>
    }
}

/// The customer's unread count, asked again on every navigation: the header outlives
/// client-side page changes, and "Mark read" must show at once. (Staff have no inbox; theirs
/// is a count that stays unshown.)
fn unread_resource() -> Resource<Result<i64, AppError>> {
    let location = leptos_router::hooks::use_location();
    Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |_| crate::api::notifications::get_unread_notifications(),
    )
}

/// "Notifications" with the unread count, for customers.
#[component]
fn UnreadLink(unread: Resource<Result<i64, AppError>>) -> impl IntoView {
    view! {
        <A href="/notifications">
            "Notifications"
            <Suspense>
                {move || Suspend::new(async move {
                    unread
                        .await
                        .ok()
                        .filter(|n| *n > 0)
                        .map(|n| {
                            view! {
                                " "
                                <span class="badge badge-unread" data-testid="unread-count">
                                    {n}
                                    <span class="visually-hidden">" unread"</span>
                                </span>
                            }
                        })
                })}
            </Suspense>
        </A>
    }
}
