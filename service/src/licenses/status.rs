//! License status: stored (`active`, `suspended`, `revoked`) plus derived `expired`.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition};

use crate::entities::license;

/// A license's effective status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LicenseStatus {
    /// Usable.
    Active,
    /// Temporarily blocked by the vendor (reversible).
    Suspended,
    /// Permanently withdrawn.
    Revoked,
    /// Past `expires_at` (derived, never stored).
    Expired,
}

impl LicenseStatus {
    /// Every status.
    pub const ALL: [LicenseStatus; 4] =
        [Self::Active, Self::Suspended, Self::Revoked, Self::Expired];

    /// The id: `active`, `suspended`, `revoked`, `expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }

    /// The status with this id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The effective status of a stored one: revoked stays revoked; otherwise an
    /// `expires_at` at or before `now` makes it expired. An unknown stored value is treated as
    /// suspended, so it never grants anything.
    pub fn derive(stored: &str, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match stored {
            "revoked" => Self::Revoked,
            _ if expires_at.is_some_and(|at| at <= now) => Self::Expired,
            "active" => Self::Active,
            _ => Self::Suspended,
        }
    }

    /// The SQL condition selecting licenses whose effective status is `self`.
    pub(crate) fn condition(self, now: DateTime<Utc>) -> Condition {
        use license::Column as C;
        let not_expired = Condition::any()
            .add(C::ExpiresAt.is_null())
            .add(C::ExpiresAt.gt(now));
        match self {
            Self::Active => Condition::all()
                .add(C::Status.eq("active"))
                .add(not_expired),
            Self::Suspended => Condition::all()
                .add(C::Status.eq("suspended"))
                .add(not_expired),
            Self::Revoked => Condition::all().add(C::Status.eq("revoked")),
            Self::Expired => Condition::all()
                .add(C::Status.ne("revoked"))
                .add(C::ExpiresAt.lte(now)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LicenseStatus as S;
    use chrono::{Duration, Utc};

    #[test]
    fn expiry_is_derived_except_for_revoked() {
        let now = Utc::now();
        let past = Some(now - Duration::days(1));
        let future = Some(now + Duration::days(1));
        assert_eq!(S::derive("active", None, now), S::Active);
        assert_eq!(S::derive("active", future, now), S::Active);
        assert_eq!(S::derive("active", past, now), S::Expired);
        assert_eq!(S::derive("active", Some(now), now), S::Expired);
        assert_eq!(S::derive("suspended", future, now), S::Suspended);
        assert_eq!(S::derive("suspended", past, now), S::Expired);
        assert_eq!(S::derive("revoked", past, now), S::Revoked);
        assert_eq!(S::derive("bogus", None, now), S::Suspended);
    }

    #[test]
    fn ids_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(S::parse("deleted"), None);
    }
}
