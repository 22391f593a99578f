//! Releases of a product and who may download them.
//!
//! [`eligibility`] is the one rule deciding whether a license may download a release; every
//! list and every download calls it.

pub mod catalog;
pub mod eligibility;
pub mod notes;
pub mod publish;
pub mod signed;
pub mod storage;

pub use eligibility::{
    Eligibility, LicenseTerms, Reason, ReleaseFacts, ReleaseStatus, eligibility,
};
