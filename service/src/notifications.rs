//! Notifications (DESIGN.md section 2): for each event, the channels it goes to (email
//! through the outbox, in-portal list), as the vendor's defaults and each customer's own
//! overrides; delivery inside the transaction of the change that causes it; and each user's
//! in-portal list.
//!
//! Delivered today: license expired, suspended or revoked (the vendor console's status
//! change; expiry by the periodic check), license expiring soon (periodic check, once per
//! license and expiry date), activation limit reached (when the last seat is taken), new
//! eligible release (publication), user invited (the organization's other Owners; the
//! invitation email to the invitee always goes). The commerce events are stored only.

mod deliver;
mod event;
pub mod expiry;
pub mod inbox;
pub mod preferences;
pub(crate) mod triggers;

pub use event::{Channels, Event};

pub(crate) use deliver::{Note, license_audience, notify};
