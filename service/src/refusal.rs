//! Why a licensing action was refused: one stable code per reason (the REST API's error codes)
//! and one sentence for people (the portal's message).

use crate::ServiceError;

/// A licensing rule said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Past `expires_at`.
    LicenseExpired,
    /// Suspended by the vendor.
    LicenseSuspended,
    /// Revoked by the vendor.
    LicenseRevoked,
    /// Every seat is taken.
    ActivationLimitReached,
    /// Every allowed deactivation is used.
    DeactivationLimitReached,
    /// Offline activation is not allowed for this license.
    OfflineNotAllowed,
    /// The machine's fingerprint is not the activation's.
    FingerprintMismatch,
    /// The machine is already deactivated.
    AlreadyDeactivated,
}

impl Refusal {
    const ALL: [Refusal; 8] = [
        Self::LicenseExpired,
        Self::LicenseSuspended,
        Self::LicenseRevoked,
        Self::ActivationLimitReached,
        Self::DeactivationLimitReached,
        Self::OfflineNotAllowed,
        Self::FingerprintMismatch,
        Self::AlreadyDeactivated,
    ];

    /// The stable code (`LICENSE_EXPIRED`).
    pub fn code(self) -> &'static str {
        match self {
            Self::LicenseExpired => "LICENSE_EXPIRED",
            Self::LicenseSuspended => "LICENSE_SUSPENDED",
            Self::LicenseRevoked => "LICENSE_REVOKED",
            Self::ActivationLimitReached => "ACTIVATION_LIMIT_REACHED",
            Self::DeactivationLimitReached => "DEACTIVATION_LIMIT_REACHED",
            Self::OfflineNotAllowed => "OFFLINE_NOT_ALLOWED",
            Self::FingerprintMismatch => "FINGERPRINT_MISMATCH",
            Self::AlreadyDeactivated => "ALREADY_DEACTIVATED",
        }
    }

    /// The sentence shown to people.
    pub fn message(self) -> &'static str {
        match self {
            Self::LicenseExpired => "This license has expired.",
            Self::LicenseSuspended => "This license is suspended.",
            Self::LicenseRevoked => "This license has been revoked.",
            Self::ActivationLimitReached => {
                "All activations of this license are in use. Deactivate a machine first."
            }
            Self::DeactivationLimitReached => {
                "This license has used all of its allowed deactivations."
            }
            Self::OfflineNotAllowed => "This license does not allow offline activation.",
            Self::FingerprintMismatch => {
                "The machine's fingerprint does not match this activation."
            }
            Self::AlreadyDeactivated => "This machine is already deactivated.",
        }
    }

    /// The refusal a service error carries, if it is one.
    pub fn of(error: &ServiceError) -> Option<Refusal> {
        let ServiceError::Conflict(errors) = error else {
            return None;
        };
        let first = errors.first()?;
        Self::ALL
            .into_iter()
            .find(|r| first.field == "license" && first.message == r.message())
    }
}

impl From<Refusal> for ServiceError {
    fn from(r: Refusal) -> Self {
        ServiceError::conflict("license", r.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_survives_the_trip_through_service_error() {
        for r in Refusal::ALL {
            assert_eq!(Refusal::of(&r.into()), Some(r));
        }
        assert_eq!(Refusal::of(&ServiceError::NotFound), None);
    }
}
