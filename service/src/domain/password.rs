//! Password newtypes: a stored hash and an accepted new password, neither printable.

use secrecy::{ExposeSecret, SecretString};

/// An argon2id PHC string. Not `Serialize`, and `Debug` is redacted, so it cannot leak.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string read from the database or produced by `Passwords::hash`.
    pub fn from_phc(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, for storing.
    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

/// A password that passed `check_new_password` (length, not a common password).
pub struct NewPassword(SecretString);

impl NewPassword {
    /// Checks a candidate; the message is for the user.
    pub fn parse(candidate: SecretString) -> Result<Self, String> {
        crate::passwords::check_new_password(candidate.expose_secret())?;
        Ok(Self(candidate))
    }

    /// The password, to hash.
    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}
