//! Password hashing (argon2id, OWASP parameters) off the async runtime, and new-password rules.

use std::{sync::Arc, time::Duration};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;
use tracing::instrument;

use crate::{Result, ServiceError, domain::PasswordHash};

/// The 1,000 most common passwords (SecLists `10-million-password-list-top-1000.txt`).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// How long a caller waits for a hashing slot before getting `Busy` (HTTP 503).
const QUEUE_WAIT: Duration = Duration::from_secs(2);

/// Minimum length of a new password, in characters.
pub const MIN_LEN: usize = 8;
/// Maximum length of a new password, in characters (bounds the hashing work).
pub const MAX_LEN: usize = 128;

/// Hashes and verifies passwords on blocking threads, at most `max_concurrent` at a time.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the email is unknown, so that case costs the same time.
    dummy: Arc<PasswordHash>,
}

impl Passwords {
    /// A hasher allowing `max_concurrent` hashes at once (at least one).
    ///
    /// Computes the dummy hash now (one hash, ~25 ms), so the first unknown-email login is not
    /// faster than the others.
    pub fn new(max_concurrent: usize) -> Self {
        let salt = SaltString::generate(&mut OsRng);
        let dummy = argon2()
            .hash_password(b"keyport dummy password for unknown emails", &salt)
            .map(|h| h.to_string())
            .expect("argon2 accepts the fixed dummy password");
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy: Arc::new(PasswordHash::from_phc(dummy)),
        }
    }

    /// Hashes a password with a fresh salt.
    #[instrument(skip_all)]
    pub async fn hash(&self, password: &SecretString) -> Result<PasswordHash> {
        let password = password.clone();
        let phc = self
            .run(move || {
                let salt = SaltString::generate(&mut OsRng);
                argon2()
                    .hash_password(password.expose_secret().as_bytes(), &salt)
                    .map(|h| h.to_string())
                    .map_err(|e| ServiceError::Internal(format!("argon2 hash failed: {e}")))
            })
            .await?;
        Ok(PasswordHash::from_phc(phc))
    }

    /// Verifies a password; with `None` it verifies against the dummy hash and returns false.
    #[instrument(skip_all)]
    pub async fn verify(
        &self,
        password: &SecretString,
        hash: Option<&PasswordHash>,
    ) -> Result<bool> {
        let known = hash.is_some();
        let phc = hash.unwrap_or(&self.dummy).as_phc().to_owned();
        let password = password.clone();
        let matches = self
            .run(move || {
                let parsed = argon2::PasswordHash::new(&phc).map_err(|e| {
                    ServiceError::Internal(format!("stored hash is not a PHC string: {e}"))
                })?;
                Ok(argon2()
                    .verify_password(password.expose_secret().as_bytes(), &parsed)
                    .is_ok())
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ServiceError::Busy)?
            .map_err(|_| ServiceError::Internal("the hashing semaphore is closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))?
    }
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("available_permits", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

/// argon2id, m = 19 MiB, t = 2, p = 1 (OWASP's first recommended configuration).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("the OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password: 8 to 128 characters and not one of the 1,000 most common ones
/// (compared case-insensitively). The message is for the user.
pub fn check_new_password(p: &str) -> Result<(), String> {
    let len = p.chars().count();
    if len < MIN_LEN {
        return Err(format!("Use at least {MIN_LEN} characters."));
    }
    if len > MAX_LEN {
        return Err(format!("Use at most {MAX_LEN} characters."));
    }
    if COMMON_PASSWORDS
        .lines()
        .any(|common| common.eq_ignore_ascii_case(p))
    {
        return Err("This password is too common. Choose another one.".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_list_has_a_thousand_entries() {
        assert!(COMMON_PASSWORDS.lines().filter(|l| !l.is_empty()).count() >= 1000);
    }

    #[test]
    fn new_passwords_need_length_and_rarity() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password(&"x".repeat(129)).is_err());
        assert!(check_new_password("password1").is_err());
        assert!(check_new_password("QWERTY123").is_err());
        assert!(check_new_password("12345678").is_err());
        assert!(check_new_password("keyport-demo").is_ok());
        assert!(check_new_password(&"é".repeat(8)).is_ok());
    }

    #[tokio::test]
    async fn hashes_verify_and_the_dummy_never_matches() {
        let pw = Passwords::new(2);
        let secret = SecretString::from("correct horse battery");
        let hash = pw.hash(&secret).await.unwrap();
        assert!(hash.as_phc().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(pw.verify(&secret, Some(&hash)).await.unwrap());
        assert!(
            !pw.verify(&SecretString::from("wrong"), Some(&hash))
                .await
                .unwrap()
        );
        assert!(!pw.verify(&secret, None).await.unwrap());
    }
}
