//! Moments as the browser gets them: whole seconds since 1970-01-01 UTC, shown as a date.
//!
//! Written by hand rather than with chrono: the pages only show two formats, and chrono's
//! formatting and parsing cost about 32 KiB of the main WASM module every page loads
//! (docs/wasm-size.md). The server still uses chrono, and converts at the edge.

use serde::{Deserialize, Serialize};

/// A moment, to the second. Serialized as the plain number of seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// "2026-03-01".
    pub fn date(self) -> String {
        let (y, m, d) = civil_from_days(self.0.div_euclid(SECONDS_PER_DAY));
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// "2026-03-01 14:05 UTC".
    pub fn date_time(self) -> String {
        let second_of_day = self.0.rem_euclid(SECONDS_PER_DAY);
        let (h, min) = (second_of_day / 3600, second_of_day % 3600 / 60);
        format!("{} {h:02}:{min:02} UTC", self.date())
    }
}

#[cfg(feature = "ssr")]
impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
    fn from(d: chrono::DateTime<chrono::Utc>) -> Self {
        Self(d.timestamp())
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

/// The proleptic Gregorian date of a day counted from 1970-01-01: Howard Hinnant's
/// `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>), exact for every
/// `i64` day a timestamp can hold.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_epoch_and_leap_days() {
        assert_eq!(Timestamp::from_unix(0).date_time(), "1970-01-01 00:00 UTC");
        // 2024-02-29 23:59:59
        assert_eq!(
            Timestamp::from_unix(1_709_251_199).date_time(),
            "2024-02-29 23:59 UTC"
        );
        assert_eq!(Timestamp::from_unix(1_709_251_200).date(), "2024-03-01");
        // Before 1970: one second before the epoch is still 1969-12-31.
        assert_eq!(Timestamp::from_unix(-1).date_time(), "1969-12-31 23:59 UTC");
        // 2000 is a leap year, 2100 is not.
        assert_eq!(Timestamp::from_unix(951_782_400).date(), "2000-02-29");
        assert_eq!(Timestamp::from_unix(4_107_542_400).date(), "2100-03-01");
    }

    /// Every day from 1600 to 2400, at a time of day that moves, against chrono.
    #[cfg(feature = "ssr")]
    #[test]
    fn agrees_with_chrono() {
        let first = -11_676_096_000; // 1600-01-01
        let last = 13_574_563_200; // 2400-02-29
        for (i, t) in (first..=last).step_by(86_400).enumerate() {
            let t = t + (i as i64 * 7_919) % 86_400;
            let expected = chrono::DateTime::from_timestamp(t, 0).unwrap();
            assert_eq!(
                Timestamp::from_unix(t).date_time(),
                expected.format("%Y-%m-%d %H:%M UTC").to_string(),
                "{t}"
            );
            assert_eq!(Timestamp::from(expected).unix(), t);
        }
    }

    #[test]
    fn serializes_as_a_number() {
        assert_eq!(
            serde_json::to_string(&Timestamp::from_unix(42)).unwrap(),
            "42"
        );
    }
}
