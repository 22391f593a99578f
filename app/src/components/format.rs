//! How dates and limits read on screen.

use crate::time::Timestamp;

/// "2026-03-01", or "Never" when there is no date.
pub fn date(d: Option<Timestamp>) -> String {
    d.map(Timestamp::date).unwrap_or_else(|| "Never".to_owned())
}

/// "2026-03-01 14:05 UTC".
pub fn date_time(d: Timestamp) -> String {
    d.date_time()
}

/// "5", or "Unlimited" for no limit.
pub fn limit(n: Option<i64>) -> String {
    n.map(|n| n.to_string())
        .unwrap_or_else(|| "Unlimited".to_owned())
}

/// "3 / 5" or "3 / unlimited".
pub fn usage(used: i64, allowed: Option<i64>) -> String {
    match allowed {
        Some(a) => format!("{used} / {a}"),
        None => format!("{used} / unlimited"),
    }
}

/// "29 of 40 seats in use", or "29 seats in use (some licenses are unlimited)".
pub fn seats(used: i64, allowed: Option<i64>) -> String {
    match allowed {
        Some(a) => format!("{used} of {a} seats in use"),
        None => format!("{used} seats in use (some licenses are unlimited)"),
    }
}
