//! Moments as the browser gets them: whole seconds since 1970-01-01 UTC, shown as a date.
//!
//! Written by hand rather than with chrono: the pages only show two formats, and chrono's
//! formatting and parsing cost about 32 KiB of the main WASM module every page loads
//! (docs/wasm-size.md). The server still uses chrono, and converts at the edge.

use serde::{Deserialize, Serialize};

// From chrono's dates, on the server.
#[cfg(feature = "ssr")]
mod from_chrono;

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

    #[test]
    fn serializes_as_a_number() {
        assert_eq!(
            serde_json::to_string(&Timestamp::from_unix(42)).unwrap(),
            "42"
        );
    }
}
