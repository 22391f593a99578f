//! The events a customer can be notified of (DESIGN.md section 2) and their default channels.

use serde::{Deserialize, Serialize};

/// One notifiable event. The commerce ones exist as settings only until the product sells
/// through the portal ([`Event::available`] is false for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// An offer was sent to the customer.
    OfferSent,
    /// The customer accepted an offer.
    OfferAccepted,
    /// An invoice was issued.
    InvoiceIssued,
    /// An invoice is overdue.
    InvoiceOverdue,
    /// A service request changed status.
    RequestStatusChanged,
    /// A cancellation was requested.
    CancellationRequested,
    /// A cancellation was approved.
    CancellationApproved,
    /// A license expires within the next 30 days.
    LicenseExpiringSoon,
    /// A license was suspended, revoked, or expired.
    LicenseExpiredOrSuspended,
    /// Every seat of a license is in use.
    ActivationLimitReached,
    /// A release the license may download was published.
    NewEligibleRelease,
    /// A user was invited to the organization.
    UserInvited,
}

/// Which channels an event goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Channels {
    /// An email through the outbox.
    pub email: bool,
    /// A row in the in-portal list (with the unread count in the header).
    pub in_portal: bool,
}

impl Channels {
    /// Both channels.
    pub const BOTH: Self = Self {
        email: true,
        in_portal: true,
    };
    /// In the portal only.
    pub const PORTAL: Self = Self {
        email: false,
        in_portal: true,
    };
}

impl Event {
    /// Every event, in the order the settings list them.
    pub const ALL: [Event; 12] = [
        Self::LicenseExpiringSoon,
        Self::LicenseExpiredOrSuspended,
        Self::ActivationLimitReached,
        Self::NewEligibleRelease,
        Self::UserInvited,
        Self::OfferSent,
        Self::OfferAccepted,
        Self::InvoiceIssued,
        Self::InvoiceOverdue,
        Self::RequestStatusChanged,
        Self::CancellationRequested,
        Self::CancellationApproved,
    ];

    /// The stable id (`license_expired_or_suspended`), used in forms and storage.
    pub fn id(self) -> &'static str {
        match self {
            Self::OfferSent => "offer_sent",
            Self::OfferAccepted => "offer_accepted",
            Self::InvoiceIssued => "invoice_issued",
            Self::InvoiceOverdue => "invoice_overdue",
            Self::RequestStatusChanged => "request_status_changed",
            Self::CancellationRequested => "cancellation_requested",
            Self::CancellationApproved => "cancellation_approved",
            Self::LicenseExpiringSoon => "license_expiring_soon",
            Self::LicenseExpiredOrSuspended => "license_expired_or_suspended",
            Self::ActivationLimitReached => "activation_limit_reached",
            Self::NewEligibleRelease => "new_eligible_release",
            Self::UserInvited => "user_invited",
        }
    }

    /// The event with this id.
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.id() == id)
    }

    /// What people read in the settings.
    pub fn label(self) -> &'static str {
        match self {
            Self::OfferSent => "Offer sent",
            Self::OfferAccepted => "Offer accepted",
            Self::InvoiceIssued => "Invoice issued",
            Self::InvoiceOverdue => "Invoice overdue",
            Self::RequestStatusChanged => "Request status changed",
            Self::CancellationRequested => "Cancellation requested",
            Self::CancellationApproved => "Cancellation approved",
            Self::LicenseExpiringSoon => "License expiring soon",
            Self::LicenseExpiredOrSuspended => "License expired, suspended or revoked",
            Self::ActivationLimitReached => "Activation limit reached",
            Self::NewEligibleRelease => "New eligible release",
            Self::UserInvited => "User invited to the organization",
        }
    }

    /// Whether Keyport delivers it today; the others are stored and shown as "coming soon".
    pub fn available(self) -> bool {
        matches!(
            self,
            Self::LicenseExpiringSoon
                | Self::LicenseExpiredOrSuspended
                | Self::ActivationLimitReached
                | Self::NewEligibleRelease
                | Self::UserInvited
        )
    }

    /// Keyport's default channels, before the vendor changes them.
    pub fn default_channels(self) -> Channels {
        match self {
            Self::NewEligibleRelease | Self::UserInvited | Self::OfferAccepted => Channels::PORTAL,
            _ => Channels::BOTH,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut ids: Vec<&str> = Event::ALL.iter().map(|e| e.id()).collect();
        for e in Event::ALL {
            assert_eq!(Event::parse(e.id()), Some(e));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Event::ALL.len());
        assert_eq!(Event::parse("license.nope"), None);
    }
}
