//! Newtypes that can only be built by parsing: once you hold one, it is valid.

mod email;
mod license_key;
mod password;
mod version;

pub use email::Email;
pub use license_key::LicenseKey;
pub use password::{NewPassword, PasswordHash};
pub use version::Semver;

pub use sdk::text::Joiners;

/// The sentence for text people will read that holds an invisible or direction-changing
/// character (the list is `sdk::text`'s), or None. Line ends are allowed where `multiline`.
pub fn hidden_text(value: &str, joiners: Joiners, multiline: bool) -> Option<String> {
    value
        .chars()
        .filter(|c| !(multiline && matches!(c, '\n' | '\r')))
        .find(|&c| sdk::text::is_hidden(c, joiners))
        .map(|c| {
            format!(
                "This contains {}: type it again without it.",
                sdk::text::describe(c)
            )
        })
}

/// Whether a name shows nothing (empty, or only spaces and invisible characters).
pub fn is_blank(value: &str) -> bool {
    sdk::text::is_blank(value)
}
