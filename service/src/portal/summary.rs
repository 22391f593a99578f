//! A plain-language summary of what a role may do.

use crate::permissions::{Permission as P, PermissionSet};

/// One sentence per role for the settings page, e.g. "Can see every license of the
/// organization, deactivate machines and download releases. Cannot manage users."
pub fn summary(grants: PermissionSet) -> String {
    let phrases: [(P, &str); 12] = [
        (P::LicensesViewAll, "see every license of the organization"),
        (P::LicensesView, "see their own licenses"),
        (P::MachinesDeactivate, "deactivate machines"),
        (P::OfflineActivate, "activate machines offline"),
        (P::ReleasesDownload, "download releases"),
        (P::UsersManage, "manage users"),
        (P::GroupsManage, "manage groups"),
        (P::OffersAccept, "accept offers"),
        (P::InvoicesPay, "pay invoices"),
        (P::ServicesRequest, "request services"),
        (P::AccountEdit, "edit the account"),
        (P::AuditView, "read the audit log"),
    ];
    let mut can = Vec::new();
    let mut cannot = Vec::new();
    for (p, text) in phrases {
        if p == P::LicensesView && grants.contains(P::LicensesViewAll) {
            continue;
        }
        if grants.contains(p) {
            can.push(text);
        } else {
            cannot.push(text);
        }
    }
    let mut out = String::new();
    if can.is_empty() {
        out.push_str("Can do nothing in the portal.");
    } else {
        out.push_str(&format!("Can {}.", join(&can)));
    }
    if !cannot.is_empty() {
        out.push_str(&format!(" Cannot {}.", join_or(&cannot)));
    }
    out
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
