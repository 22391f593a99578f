//! Newtypes that can only be built by parsing: once you hold one, it is valid.

mod email;
mod license_key;
mod password;
mod version;

pub use email::Email;
pub use license_key::LicenseKey;
pub use password::{NewPassword, PasswordHash};
pub use version::Semver;
