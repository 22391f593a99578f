//! `LicenseKey`: `KP-` and six groups of five Crockford base32 characters (150 random bits).

use rand::{Rng, rngs::OsRng};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS: usize = 6;
const GROUP_LEN: usize = 5;

/// A license key such as `KP-7Q2MZ-0H4XK-...`; Debug shows only its first group.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LicenseKey(String);

impl LicenseKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        let mut rng = OsRng;
        let groups: Vec<String> = (0..GROUPS)
            .map(|_| {
                (0..GROUP_LEN)
                    .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
                    .collect()
            })
            .collect();
        Self(format!("KP-{}", groups.join("-")))
    }

    /// Parses a key typed by a person: case-insensitive, surrounding space ignored, and the
    /// Crockford look-alikes `I`/`L` read as `1` and `O` as `0`.
    pub fn parse(input: &str) -> Result<Self, String> {
        let upper = input.trim().to_ascii_uppercase();
        let invalid =
            || Err("Enter a license key like KP-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX.".to_owned());
        let Some(body) = upper.strip_prefix("KP-") else {
            return invalid();
        };
        let mut groups = Vec::with_capacity(GROUPS);
        for group in body.split('-') {
            let normalized: String = group
                .chars()
                .map(|c| match c {
                    'I' | 'L' => '1',
                    'O' => '0',
                    other => other,
                })
                .collect();
            if normalized.len() != GROUP_LEN || !normalized.bytes().all(|b| ALPHABET.contains(&b)) {
                return invalid();
            }
            groups.push(normalized);
        }
        if groups.len() != GROUPS {
            return invalid();
        }
        Ok(Self(format!("KP-{}", groups.join("-"))))
    }

    /// The full key (for the database and for its owner's screen, never for logs).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A form safe for logs: the prefix and first group, the rest masked.
    pub fn redact(key: &str) -> String {
        let shown: String = key.chars().take(8).collect();
        format!("{shown}-…")
    }
}

impl std::fmt::Debug for LicenseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LicenseKey({})", Self::redact(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_have_the_documented_shape() {
        let key = LicenseKey::generate();
        let s = key.as_str();
        assert_eq!(s.len(), 3 + GROUPS * GROUP_LEN + (GROUPS - 1));
        assert!(s.starts_with("KP-"));
        let groups: Vec<&str> = s[3..].split('-').collect();
        assert_eq!(groups.len(), 6);
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 5 && g.bytes().all(|b| ALPHABET.contains(&b)))
        );
        assert_eq!(LicenseKey::parse(s).unwrap(), key);
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(LicenseKey::generate(), LicenseKey::generate());
    }

    #[test]
    fn parsing_forgives_case_and_look_alikes() {
        let key = LicenseKey::parse(" kp-7q2mz-abcde-fghjk-mnpqr-stvwx-yz01o ").unwrap();
        assert_eq!(key.as_str(), "KP-7Q2MZ-ABCDE-FGHJK-MNPQR-STVWX-YZ010");
        assert_eq!(
            LicenseKey::parse("KP-IIIII-LLLLL-OOOOO-00000-11111-22222")
                .unwrap()
                .as_str(),
            "KP-11111-11111-00000-00000-11111-22222"
        );
    }

    #[test]
    fn parsing_refuses_other_shapes() {
        for bad in [
            "",
            "KP-",
            "7Q2MZ-ABCDE-FGHJK-MNPQR-STVWX-YZ010",
            "KP-7Q2MZ-ABCDE",
            "KP-7Q2MZ-ABCDE-FGHJK-MNPQR-STVWX-YZ01U",
            "KP-7Q2MZ-ABCDE-FGHJK-MNPQR-STVWX-YZ010-AAAAA",
        ] {
            assert!(LicenseKey::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn debug_never_shows_the_whole_key() {
        let key = LicenseKey::generate();
        let debug = format!("{key:?}");
        assert!(!debug.contains(&key.as_str()[9..]));
    }
}
