//! The browser entry point: hydrates the page the server rendered.

use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, prelude::*};

/// Called by the generated JavaScript once the WASM module has loaded.
#[wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(on_panic));
    watch_links_and_forms();
    // What `leptos::mount::hydrate_lazy` does (a page opened at a lazy route loads that
    // route's module before hydrating), then the marker: only now is the page hydrated. An
    // effect in the app would run while the route's module is still loading.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        mark_hydrated();
    });
}

/// `<html data-hydrated="true">`: end-to-end tests wait for it, so a bundle that fails to
/// hydrate fails the hydrated test run (docs/ui-contract.md).
fn mark_hydrated() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

thread_local! {
    /// The address of the last link clicked: the router loads a lazy route's module before it
    /// changes the address, so a failed load happens while the address is still the old page's.
    static LAST_LINK: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Set by any panic: the app has stopped, and its handlers must no longer see events.
    static STOPPED: Cell<bool> = const { Cell::new(false) };
}

/// A panic stops the app, but its listeners stay: the router's, on `window`, would still take
/// every link click, and forms their submits, into an app that no longer answers. Once stopped,
/// clicks and submits go no further than the document (capture phase), so links and forms work
/// as plain HTML, as without JavaScript. Until then, notes the link each click is on.
fn watch_links_and_forms() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_event = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if STOPPED.get() {
            event.stop_propagation();
            return;
        }
        if event.type_() == "click" {
            let link = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
            LAST_LINK.with(|last| *last.borrow_mut() = link.map(|a| a.href()));
        }
    });
    for kind in ["click", "submit"] {
        let _ = document.add_event_listener_with_callback_and_bool(
            kind,
            on_event.as_ref().unchecked_ref(),
            true,
        );
    }
    // Listens for the page's lifetime.
    on_event.forget();
}

/// Leptos 0.8 panics when a lazy route's module fails to load ("load callback should
/// succeed"), and a panic stops the app. That happens when the module is gone (a deploy pruned
/// the build this page came from) or the network dropped. Load the page the user asked for in
/// full instead (the link just clicked, or this page): the server renders it with the current
/// build. Once per address, so a module that keeps failing leaves the server-rendered page,
/// which works without the app, rather than loading it forever.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    STOPPED.set(true);
    console_error_panic_hook::hook(info);
    if info.to_string().contains("load callback should succeed") {
        load_in_full_once();
    }
}

const RELOADED_KEY: &str = "keyport.reloaded-after-failed-load";

fn load_in_full_once() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(here) = window.location().href() else {
        return;
    };
    let href = LAST_LINK
        .with(|last| last.borrow_mut().take())
        .unwrap_or(here.clone());
    // Without session storage there is no way to tell a second failure: no reload at all.
    let Ok(Some(storage)) = window.session_storage() else {
        return;
    };
    if storage.get_item(RELOADED_KEY).ok().flatten().as_deref() == Some(href.as_str()) {
        return;
    }
    if storage.set_item(RELOADED_KEY, &href).is_err() {
        return;
    }
    let _ = if href == here {
        window.location().reload()
    } else {
        window.location().assign(&href)
    };
}
