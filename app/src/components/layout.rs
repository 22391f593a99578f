//! The frame of every signed-in page: header, navigation, sign-out.

use crate::{
    AppError,
    api::auth::Logout,
    components::{
        error_view::ErrorView,
        nav::{self, Section, SectionLinks, SectionTabs},
    },
    dto::CurrentUser,
    page_data::{PageData, page_data},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::components::{A, Outlet, Redirect};

/// Frames the page for the signed-in user and sends everyone else to `/login`.
///
/// The user is known before anything renders: the server's middleware resolved the session,
/// and the browser reads the same answer from the hydration data. So the page (the
/// `<Outlet/>`) is built once, outside any `<Suspense>`. Under a Suspense it was not: the
/// server walks a Suspense's children several times while it waits (to find what they read,
/// again when that settles, then to render), and each walk built the page anew, with its
/// resources, their queries and their copies in the hydration payload (three of each).
#[component]
pub fn SignedInLayout() -> impl IntoView {
    // Made in this order on both sides: hydration matches them by creation order.
    let known = SharedValue::new(crate::api::auth::user_of_this_request).into_inner();
    crate::components::branding::provide_branding();
    // Staff have no inbox; a client-side mount does not know yet who signs in.
    let customer = !matches!(&known, Some(Ok(u)) if u.is_staff);
    let unread = customer.then(unread_resource);
    match known {
        Some(Ok(user)) => view! { <Frame user unread /> }.into_any(),
        Some(Err(AppError::Unauthorized)) => view! { <Redirect path="/login" /> }.into_any(),
        Some(Err(error)) => view! { <main id="main"><ErrorView error /></main> }.into_any(),
        // Mounted in the browser by a client-side navigation into the signed-in pages (after
        // signing in, say): nothing was rendered for it, so the page is loaded in full and the
        // server renders it for whoever is signed in now, as signing out does. Asking for the
        // user here instead (a resource and a suspense) put that code into the WASM every page
        // loads first, for one navigation per sign-in.
        None => {
            #[cfg(not(feature = "ssr"))]
            let _ = window().location().reload();
            view! { <p class="loading">"Loading…"</p> }.into_any()
        }
    }
}

/// The header and the page, for `user` (also put in context for the pages).
#[component]
fn Frame(user: CurrentUser, unread: Option<UnreadCount>) -> impl IntoView {
    provide_context(user.clone());
    if let Some(unread) = unread {
        provide_context(unread);
    }
    let sections = nav::sections(&user);
    view! {
        <crate::components::branding::BrandingStyle />
        <crate::components::view_as_banner::ViewAsBanner user=user.clone() />
        <Header user unread sections=sections.clone() />
        <main id="main">
            <SectionTabs sections />
            <Outlet />
        </main>
    }
}

/// The brand, the navigation and who is signed in. On a phone the navigation and the sign-out
/// fold into a "Menu" disclosure (`<details>`, so it opens without JavaScript); from 48rem up
/// the stylesheet shows them in the header and hides the "Menu" button (style/main.css).
#[component]
fn Header(user: CurrentUser, unread: Option<UnreadCount>, sections: Vec<Section>) -> impl IntoView {
    let home = if user.is_staff { "/vendor" } else { "/" };
    // The header outlives client-side navigations: an open menu closes when the page changes.
    // (An effect costs the main module less than a click handler or a reactive `open`.)
    let menu = NodeRef::<leptos::html::Details>::new();
    let pathname = leptos_router::hooks::use_location().pathname;
    Effect::new(move || {
        pathname.track();
        if let Some(menu) = menu.get_untracked() {
            menu.set_open(false);
        }
    });
    view! {
        <header class="top">
            <a class="brand" href=home>
                <crate::components::branding::BrandLogo />
                // `data-brand`: the branding page's preview writes the name typed (pages/branding/live.rs).
                <span data-brand="name">
                    <crate::components::branding::PortalName fallback=user.portal_name.clone() />
                </span>
            </a>
            <details class="menu" node_ref=menu>
                <summary>"Menu"</summary>
                <div class="menu-body">
                    <nav aria-label="Main">
                        <SectionLinks sections=sections.clone() />
                        {unread
                            .filter(|_| !user.is_staff)
                            .map(|unread| view! { <UnreadLink unread=unread.0 /> })}
                        <A href="/profile">"Profile"</A>
                    </nav>
                    <div class="who">
                        <span>{user.name.clone()} " · " {user.role_label.clone()}</span>
                        // A plain form, with or without JavaScript: signing out loads the sign-in
                        // page in full, which also drops every page's state; and an `ActionForm`
                        // here put form decoding (serde_qs) into the WASM every page loads.
                        <form action={<Logout as ServerFn>::PATH} method="post">
                            <button type="submit" class="link">
                                "Sign out"
                            </button>
                        </form>
                    </div>
                </div>
            </details>
        </header>
    }
}

/// The customer's unread notification count (the header's badge, and the notifications
/// page's summary, which reads it from context instead of counting again).
#[derive(Clone, Copy)]
pub struct UnreadCount(pub PageData<i64>);

/// Asked again on every navigation: the header outlives client-side page changes, and
/// "Mark read" must show at once.
fn unread_resource() -> UnreadCount {
    let location = leptos_router::hooks::use_location();
    UnreadCount(page_data(
        move || (location.pathname.get(), location.search.get()),
        |_| crate::api::notifications::get_unread_notifications(),
    ))
}

/// "Notifications" with the unread count, for customers.
#[component]
fn UnreadLink(unread: PageData<i64>) -> impl IntoView {
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
