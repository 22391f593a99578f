//! The demo's people: staff, two organizations with groups, and an individual customer.

use crate::permissions::{CustomerRole, StaffRole};

/// Where a demo customer belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Org {
    /// Acme Corp (25 allowed users).
    Acme,
    /// Globex Ltd (5 allowed users).
    Globex,
    /// No organization: an individual buyer.
    Individual,
}

/// A demo staff member.
pub(super) struct DemoStaff {
    pub(super) email: &'static str,
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) role: StaffRole,
    pub(super) label: &'static str,
}

/// A demo customer user.
pub(super) struct DemoCustomer {
    pub(super) email: &'static str,
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) org: Org,
    pub(super) role: CustomerRole,
    pub(super) groups: &'static [&'static str],
    pub(super) label: &'static str,
}

pub(super) const STAFF: [DemoStaff; 2] = [
    DemoStaff {
        email: "admin@vendor.example",
        first: "Vera",
        last: "Admin",
        role: StaffRole::Admin,
        label: "Vendor admin",
    },
    DemoStaff {
        email: "support@vendor.example",
        first: "Sid",
        last: "Support",
        role: StaffRole::Support,
        label: "Vendor support",
    },
];

/// Groups per organization.
pub(super) const ACME_GROUPS: [&str; 3] = ["Engineering", "Design", "Support"];
/// Groups of Globex.
pub(super) const GLOBEX_GROUPS: [&str; 1] = ["Developers"];

pub(super) const CUSTOMERS: [DemoCustomer; 11] = [
    DemoCustomer {
        email: "owner@acme.example",
        first: "Olivia",
        last: "Owner",
        org: Org::Acme,
        role: CustomerRole::Owner,
        groups: &[],
        label: "Acme Corp owner (primary contact)",
    },
    DemoCustomer {
        email: "cto@acme.example",
        first: "Chris",
        last: "Tanaka",
        org: Org::Acme,
        role: CustomerRole::Owner,
        groups: &[],
        label: "Acme Corp owner (secondary contact)",
    },
    DemoCustomer {
        email: "accountant@acme.example",
        first: "Alice",
        last: "Accountant",
        org: Org::Acme,
        role: CustomerRole::Accountant,
        groups: &[],
        label: "Acme Corp accountant",
    },
    DemoCustomer {
        email: "ops@acme.example",
        first: "Oscar",
        last: "Ops",
        org: Org::Acme,
        role: CustomerRole::OperationsManager,
        groups: &["Engineering", "Support"],
        label: "Acme Corp operations manager",
    },
    DemoCustomer {
        email: "member@acme.example",
        first: "Max",
        last: "Member",
        org: Org::Acme,
        role: CustomerRole::Member,
        groups: &["Engineering"],
        label: "Acme Corp member (Engineering)",
    },
    DemoCustomer {
        email: "viewer@acme.example",
        first: "Vic",
        last: "Viewer",
        org: Org::Acme,
        role: CustomerRole::Viewer,
        groups: &["Engineering"],
        label: "Acme Corp viewer (Engineering)",
    },
    DemoCustomer {
        email: "designer@acme.example",
        first: "Dana",
        last: "Designer",
        org: Org::Acme,
        role: CustomerRole::Member,
        groups: &["Design"],
        label: "Acme Corp member (Design)",
    },
    DemoCustomer {
        email: "helpdesk@acme.example",
        first: "Hank",
        last: "Helpdesk",
        org: Org::Acme,
        role: CustomerRole::Member,
        groups: &["Support"],
        label: "Acme Corp member (Support)",
    },
    DemoCustomer {
        email: "owner@globex.example",
        first: "Gina",
        last: "Globex",
        org: Org::Globex,
        role: CustomerRole::Owner,
        groups: &[],
        label: "Globex Ltd owner",
    },
    DemoCustomer {
        email: "dev@globex.example",
        first: "Devon",
        last: "Dev",
        org: Org::Globex,
        role: CustomerRole::Member,
        groups: &["Developers"],
        label: "Globex Ltd member (Developers)",
    },
    DemoCustomer {
        email: "solo@example.com",
        first: "Sam",
        last: "Solo",
        org: Org::Individual,
        role: CustomerRole::Owner,
        groups: &[],
        label: "Individual customer",
    },
];
