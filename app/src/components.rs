//! Pieces of UI used by more than one page.

pub mod branding;
pub mod confirm;
pub mod copy_button;
pub mod error_view;
pub mod field;
pub mod format;
pub mod layout;
pub mod license_table;
pub mod nav;
pub mod pager;
pub mod saves;
pub mod status_badge;
pub mod view_as_banner;
#[cfg(feature = "hydrate")]
pub mod xhr_form;
