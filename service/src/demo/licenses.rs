//! The demo's 40 licenses: who owns them, which groups see them, and how they end up.

use super::people::Org;

/// The status a demo license ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Active, expiring in months or never.
    Active,
    /// Active, expiring within 30 days.
    ExpiringSoon,
    /// Suspended after its machines were activated.
    Suspended,
    /// Revoked after its machines were activated.
    Revoked,
    /// Expired (expiry moved into the past after its machines were activated).
    Expired,
}

/// One demo license.
pub(super) struct DemoLicense {
    pub(super) org: Org,
    /// Email of the user it is assigned to directly.
    pub(super) owner: Option<&'static str>,
    pub(super) groups: &'static [&'static str],
    /// 0 = Northwind Studio, 1 = Northwind Render.
    pub(super) product: usize,
    pub(super) fate: Fate,
    pub(super) allowed: Option<i64>,
    pub(super) machines: usize,
    pub(super) offline: bool,
    pub(super) edition: &'static str,
}

#[expect(
    clippy::too_many_arguments,
    reason = "positional arguments keep the 40-row table below readable as a table"
)]
const fn lic(
    org: Org,
    owner: Option<&'static str>,
    groups: &'static [&'static str],
    product: usize,
    fate: Fate,
    allowed: Option<i64>,
    machines: usize,
    offline: bool,
    edition: &'static str,
) -> DemoLicense {
    DemoLicense {
        org,
        owner,
        groups,
        product,
        fate,
        allowed,
        machines,
        offline,
        edition,
    }
}

use Fate::{Active as A, Expired as E, ExpiringSoon as Soon, Revoked as R, Suspended as S};
use Org::{Acme, Globex, Individual};

const ENG: &[&str] = &["Engineering"];
const DESIGN: &[&str] = &["Design"];
const SUPPORT: &[&str] = &["Support"];
const ENG_SUPPORT: &[&str] = &["Engineering", "Support"];
const DEVS: &[&str] = &["Developers"];
const NONE: &[&str] = &[];
const MAX: Option<&str> = Some("member@acme.example");
const DANA: Option<&str> = Some("designer@acme.example");
const DEVON: Option<&str> = Some("dev@globex.example");
const SAM: Option<&str> = Some("solo@example.com");

pub(super) const LICENSES: [DemoLicense; 40] = [
    // Acme, linked to Engineering.
    lic(Acme, None, ENG, 0, A, Some(10), 3, true, "Enterprise"),
    lic(Acme, None, ENG, 1, A, Some(5), 2, false, "Pro"),
    lic(Acme, None, ENG, 0, A, None, 3, true, "Enterprise"),
    lic(Acme, None, ENG, 1, Soon, Some(3), 2, false, "Pro"),
    lic(Acme, None, ENG, 0, S, Some(5), 2, false, "Pro"),
    lic(Acme, None, ENG, 1, E, Some(2), 1, false, "Team"),
    lic(Acme, None, ENG, 0, R, Some(3), 1, false, "Pro"),
    lic(Acme, None, ENG, 0, A, Some(2), 2, false, "Team"),
    // Acme, linked only to Design.
    lic(Acme, None, DESIGN, 0, A, Some(3), 2, true, "Pro"),
    lic(Acme, None, DESIGN, 1, Soon, Some(2), 1, false, "Team"),
    lic(Acme, None, DESIGN, 0, E, Some(2), 2, false, "Team"),
    // Acme, linked to Support.
    lic(Acme, None, SUPPORT, 0, A, Some(5), 2, false, "Pro"),
    lic(Acme, None, SUPPORT, 1, A, Some(25), 3, true, "Enterprise"),
    lic(Acme, None, SUPPORT, 0, S, Some(3), 1, false, "Team"),
    lic(Acme, None, SUPPORT, 1, R, Some(1), 1, false, "Team"),
    // Acme, linked to Engineering and Support.
    lic(Acme, None, ENG_SUPPORT, 0, A, None, 3, true, "Enterprise"),
    lic(Acme, None, ENG_SUPPORT, 1, E, Some(5), 2, false, "Pro"),
    // Acme, linked to no group: only organization-wide roles see them.
    lic(Acme, None, NONE, 0, A, Some(10), 2, false, "Enterprise"),
    lic(Acme, None, NONE, 1, A, None, 0, true, "Enterprise"),
    lic(Acme, None, NONE, 0, R, Some(5), 1, false, "Pro"),
    lic(Acme, None, NONE, 1, S, Some(3), 1, false, "Pro"),
    lic(Acme, None, NONE, 0, E, Some(3), 2, false, "Pro"),
    // Acme, assigned directly to people.
    lic(Acme, MAX, NONE, 0, A, Some(2), 2, true, "Pro"),
    lic(Acme, MAX, NONE, 1, Soon, Some(1), 1, false, "Team"),
    lic(Acme, MAX, NONE, 0, E, Some(2), 1, false, "Team"),
    lic(Acme, DANA, NONE, 1, A, Some(2), 1, false, "Pro"),
    // Globex.
    lic(Globex, None, DEVS, 0, A, Some(5), 3, true, "Pro"),
    lic(Globex, None, DEVS, 1, A, Some(3), 2, false, "Team"),
    lic(Globex, None, DEVS, 0, S, Some(3), 1, false, "Team"),
    lic(Globex, None, DEVS, 1, E, Some(2), 2, false, "Team"),
    lic(Globex, None, DEVS, 0, R, Some(2), 1, false, "Team"),
    lic(Globex, None, NONE, 1, A, None, 2, false, "Enterprise"),
    lic(Globex, None, NONE, 0, Soon, Some(5), 1, false, "Pro"),
    lic(Globex, DEVON, NONE, 0, A, Some(1), 1, true, "Pro"),
    lic(Globex, DEVON, NONE, 1, E, Some(1), 1, false, "Team"),
    // Sam Solo, an individual.
    lic(Individual, SAM, NONE, 0, A, Some(2), 2, true, "Pro"),
    lic(Individual, SAM, NONE, 1, Soon, Some(1), 1, false, "Pro"),
    lic(Individual, SAM, NONE, 0, S, Some(2), 1, false, "Pro"),
    lic(Individual, SAM, NONE, 1, E, Some(1), 1, false, "Team"),
    lic(Individual, SAM, NONE, 0, R, Some(1), 1, false, "Team"),
];

/// Machines as their owners name them.
pub(super) const HOSTNAMES: [&str; 12] = [
    "build-agent-03",
    "DESIGN-WS-12",
    "eng-laptop-07",
    "render-node-01",
    "ci-runner-2",
    "MKT-MBP-04",
    "render-node-02",
    "DEV-WS-31",
    "qa-vm-15",
    "studio-mac-09",
    "ops-jump-01",
    "build-agent-11",
];

/// Operating systems as the SDK reports them.
pub(super) const OPERATING_SYSTEMS: [&str; 6] = [
    "Windows 11 23H2",
    "Ubuntu 24.04",
    "macOS 15.1",
    "Windows Server 2022",
    "Debian 12",
    "macOS 14.6",
];

/// Application versions in the field.
pub(super) const APP_VERSIONS: [&str; 4] = ["2025.1.4", "2025.2.0", "2024.4.2", "2025.2.1"];
