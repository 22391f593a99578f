//! Pages of forms that show what is stored after every action, with or without JavaScript,
//! and a notice that belongs to the action that caused it.
//!
//! Without JavaScript each form post ends in a new page: the server answers a success with a
//! redirect to `?saved=<what>` and a refusal with a redirect back that carries it (`__err`),
//! and every field is rendered from the database again.
//!
//! Hydrated, a page used to load its data again and patch its forms in place. An input the
//! person had touched kept what they typed (a browser shows a touched input's own value, not
//! its `value` or `checked` attribute), so after "Reset to defaults" the permission matrix
//! kept its old ticks and the next "Save" undid the reset; after "Discard draft" the branding
//! fields kept the discarded values. And a notice read from the address stayed on screen next
//! to the refusal of a later action.
//!
//! [`Saves`] is the one rule for such pages: every action that succeeds loads the page's data
//! again ([`Saves::revision`]), the forms are built anew from it ([`Saves::fresh`]), and the
//! notice ([`Saves::notice`]) is hidden from the moment a form is sent until one succeeds, and
//! while the address carries a refusal.

use crate::AppError;
use leptos::{either::Either, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// The state shared by one page's forms. Made once per page, outside its `<Suspense>`.
#[derive(Clone, Copy)]
pub struct Saves {
    /// Counts the successful actions: the page's data source.
    revision: RwSignal<u32>,
    /// A form was sent and none has succeeded since: the notice is about an older action.
    sent: RwSignal<bool>,
}

impl Default for Saves {
    fn default() -> Self {
        Self::new()
    }
}

impl Saves {
    /// The page's forms, none sent yet.
    pub fn new() -> Self {
        Saves {
            revision: RwSignal::new(0),
            sent: RwSignal::new(false),
        }
    }

    /// The page's forms, none sent yet, also put in context for forms deep in the page
    /// (see [`Saves::expect`]).
    pub fn provide() -> Self {
        let saves = Self::new();
        provide_context(saves);
        saves
    }

    /// The page's [`Saves`], from [`Saves::provide`].
    pub fn expect() -> Self {
        expect_context()
    }

    /// The number of successful actions so far (tracked): give it to the page's data as its
    /// source, so that every success loads what is stored now.
    pub fn revision(self) -> u32 {
        self.revision.get()
    }

    /// A server action of one of the page's forms: sending it hides the notice, and its
    /// success loads the page's data again.
    pub fn action<A, O>(self) -> ServerAction<A>
    where
        A: ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
        O: Send + Sync + 'static,
    {
        let action = ServerAction::<A>::new();
        Effect::new(move |_| {
            if action.pending().get() {
                self.sent.set(true);
            }
        });
        Effect::new(move |_| {
            if action.value().with(|v| matches!(v, Some(Ok(_)))) {
                self.sent.set(false);
                self.revision.update(|r| *r += 1);
            }
        });
        action
    }

    /// The notice of the last action: `text` of the address's `saved` value, shown unless a
    /// form was sent since or the address carries a refusal.
    pub fn notice(self, text: fn(&str) -> Option<&'static str>) -> impl IntoView {
        let query = use_query_map();
        let shown = move || {
            let q = query.read();
            if self.sent.get() || q.get_str("__err").is_some() {
                return None;
            }
            q.get_str("saved").and_then(text)
        };
        view! {
            <p role="status" class="notice">
                {shown}
            </p>
        }
    }

    /// `forms`, built anew from the data of each revision instead of patched in place.
    ///
    /// Call it inside the `Suspend` that awaits the page's data. Leptos patches a view in
    /// place when the new one has the type of the old; one side of an [`Either`] replacing the
    /// other is built from nothing. So each revision swaps sides: two types of the same view,
    /// not a keyed list, which would add its diffing code to the page's WASM for one row.
    pub fn fresh<V: IntoView>(self, forms: V) -> impl IntoView {
        if self.revision.get_untracked().is_multiple_of(2) {
            Either::Left(forms)
        } else {
            Either::Right(forms)
        }
    }
}
