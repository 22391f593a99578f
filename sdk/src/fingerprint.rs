//! The machine fingerprint: hex SHA-256 of documented, stable machine components.
//!
//! Components, in this order, each as a `name=value` line, hashed after the line
//! `keyport-fingerprint/v1`:
//! 1. `machine_id`: `/etc/machine-id` (or `/var/lib/dbus/machine-id`), empty elsewhere;
//! 2. `hostname`: the kernel host name;
//! 3. `os` and `arch`: Rust's `std::env::consts::OS` and `ARCH`.
//!
//! Only the hash leaves the machine. The same machine gives the same fingerprint after a
//! reinstall of the application; a renamed host gives a new one (documented trade-off: host
//! name changes are rare and visible to the customer).

use sha2::{Digest, Sha256};

/// The components and their values, in hashing order.
pub fn components() -> Vec<(&'static str, String)> {
    let machine_id = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    vec![
        ("machine_id", machine_id),
        ("hostname", hostname()),
        ("os", std::env::consts::OS.to_owned()),
        ("arch", std::env::consts::ARCH.to_owned()),
    ]
}

/// The host name (kernel, then `/etc/hostname`, then `HOSTNAME`, else `unknown`).
pub fn hostname() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

/// The fingerprint of these components.
pub fn of(components: &[(&str, String)]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"keyport-fingerprint/v1\n");
    for (name, value) in components {
        hasher.update(format!("{name}={value}\n").as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// This machine's fingerprint.
pub fn this_machine() -> String {
    of(&components())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_a_stable_hash_of_the_components() {
        let c = vec![
            ("machine_id", "abc".to_owned()),
            ("hostname", "h".to_owned()),
        ];
        assert_eq!(of(&c), of(&c));
        assert_eq!(of(&c).len(), 64);
        let other = vec![
            ("machine_id", "abd".to_owned()),
            ("hostname", "h".to_owned()),
        ];
        assert_ne!(of(&c), of(&other));
        assert_eq!(this_machine(), this_machine());
    }
}
