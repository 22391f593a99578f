//! `Semver`: a semantic version (`2.4.1`, `3.0.0-beta.2`), parsed by the `semver` crate.

/// A semantic version with at most 64 characters. Build metadata is kept but, as semver says,
/// does not take part in ordering beyond a tie-break.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Semver(semver::Version);

impl Semver {
    /// Parses user input (surrounding spaces and one leading `v` are tolerated); the message is
    /// for the user.
    pub fn parse(input: &str) -> Result<Self, String> {
        let trimmed = input.trim();
        let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
        if bare.is_empty() || bare.len() > 64 {
            return Err(Self::MESSAGE.to_owned());
        }
        semver::Version::parse(bare)
            .map(Self)
            .map_err(|_| Self::MESSAGE.to_owned())
    }

    const MESSAGE: &'static str =
        "Enter a semantic version such as 2.4.1 or 3.0.0-beta.1 (major.minor.patch).";

    /// Whether this is a pre-release (`-beta.1`).
    pub fn is_prerelease(&self) -> bool {
        !self.0.pre.is_empty()
    }
}

impl std::fmt::Display for Semver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Semver;

    #[test]
    fn versions_parse_and_order_semantically() {
        let v = |s| Semver::parse(s).unwrap();
        assert_eq!(v(" v2.4.1 ").to_string(), "2.4.1");
        assert!(v("2.10.0") > v("2.9.9"));
        assert!(v("3.0.0-beta.2") < v("3.0.0"));
        assert!(v("3.0.0-beta.10") > v("3.0.0-beta.2"));
        assert!(v("3.0.0-rc.1").is_prerelease());
    }

    #[test]
    fn non_semantic_versions_are_refused() {
        for bad in [
            "", "2", "2.4", "2.4.1.7", "latest", "02.4.1", "2.4.1-", "../2.4.1", "vv2.4.1",
        ] {
            assert!(Semver::parse(bad).is_err(), "{bad} must be refused");
        }
        assert!(Semver::parse(&"1".repeat(70)).is_err());
    }
}
