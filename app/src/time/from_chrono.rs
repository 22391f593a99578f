//! Timestamps from chrono's dates (server side: the browser never has chrono).

use super::Timestamp;

impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
    fn from(d: chrono::DateTime<chrono::Utc>) -> Self {
        Self::from_unix(d.timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    /// Every day from 1600 to 2400, at a time of day that moves, against chrono.
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
}
