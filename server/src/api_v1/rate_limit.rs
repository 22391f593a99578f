//! Rate limits of the licensing API: per client IP and per license key (keyed GCRA buckets
//! from `governor`), answered with 429 and `Retry-After`.

use std::{num::NonZeroU32, sync::Mutex};

use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    state::keyed::HashMapStateStore,
};

use super::ApiError;

/// Requests per second and burst, per IP and per license key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSettings {
    /// Sustained requests per second from one IP.
    pub per_ip_per_sec: u32,
    /// Sustained requests per second for one license key.
    pub per_key_per_sec: u32,
}

impl Default for RateSettings {
    fn default() -> Self {
        Self {
            per_ip_per_sec: 50,
            per_key_per_sec: 5,
        }
    }
}

type Keyed = RateLimiter<String, HashMapStateStore<String>, DefaultClock>;

/// The two limiters.
pub struct ApiLimits {
    per_ip: Keyed,
    per_key: Keyed,
    checks: Mutex<u32>,
}

fn quota(per_sec: u32) -> Quota {
    let rate = NonZeroU32::new(per_sec.max(1)).unwrap_or(NonZeroU32::MIN);
    // A burst of four seconds' worth: a client starting up may make a few calls at once.
    let burst = NonZeroU32::new(per_sec.max(1).saturating_mul(4)).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(rate).allow_burst(burst)
}

impl ApiLimits {
    /// Limiters with these rates.
    pub fn new(settings: RateSettings) -> Self {
        Self {
            per_ip: RateLimiter::hashmap(quota(settings.per_ip_per_sec)),
            per_key: RateLimiter::hashmap(quota(settings.per_key_per_sec)),
            checks: Mutex::new(0),
        }
    }

    fn check(&self, limiter: &Keyed, key: &str) -> Result<(), ApiError> {
        self.forget_idle_keys();
        limiter.check_key(&key.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::rate_limited(wait.as_secs() + 1)
        })
    }

    /// One request from `ip`.
    pub fn check_ip(&self, ip: Option<&str>) -> Result<(), ApiError> {
        self.check(&self.per_ip, ip.unwrap_or("unknown"))
    }

    /// One request for `license_key` (kept only as a key of the bucket map, never logged).
    pub fn check_license_key(&self, license_key: &str) -> Result<(), ApiError> {
        self.check(&self.per_key, license_key.trim())
    }

    /// Every 10,000 checks, drops buckets that are full again, so memory stays bounded.
    fn forget_idle_keys(&self) {
        let Ok(mut n) = self.checks.lock() else {
            return;
        };
        *n += 1;
        if *n >= 10_000 {
            *n = 0;
            self.per_ip.retain_recent();
            self.per_key.retain_recent();
        }
    }
}
