//! Every registered server function with its arguments, classified by the ids it takes.
//!
//! The tenancy sweep (`tenancy.rs`) passes another tenant's ids to every function of
//! [`ID_TAKING`]; the leak sweep (`security.rs`) passes bad input to every argument of every
//! function. A server function that is added without an entry here fails
//! [`every_registered_server_function_is_classified`], so none escapes either sweep.

use app::api::{
    audit, auth, branding, dashboard, domain, licenses, machines, notifications, offline,
    org_activity, org_groups, org_users, profile, releases, settings, vendor_licenses, vendor_orgs,
    vendor_products, view_as,
};
use leptos::server_fn::{ServerFn, axum::server_fn_paths};
use std::collections::HashSet;

/// The kinds of record a server function argument can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    License,
    Activation,
    User,
    /// A user who is an Owner of their organization.
    Owner,
    Group,
    /// A second group of the same organization (where a move goes).
    OtherGroup,
    Release,
    /// A file of a release.
    ReleaseFile,
    Product,
    Organization,
    AuditEvent,
    /// An offline upload held for its uploader's confirmation.
    OfflineUpload,
    /// An in-portal notification (of one user).
    Notification,
}

/// One argument of a server function.
#[derive(Clone, Copy, Debug)]
pub enum Arg {
    /// Names one record the caller acts on or reads: another tenant's id must answer exactly
    /// like an id that exists nowhere, "not found".
    Id(&'static str, Kind),
    /// Picks one of the caller's own records from a list (a form's select): another tenant's
    /// id is refused exactly like an id that exists nowhere, with that field's error (422).
    Pick(&'static str, Kind),
    /// Narrows a list to the rows of one record: another tenant's id must answer exactly like
    /// an id that exists nowhere (an empty list). Empty means "any".
    Filter(&'static str, Kind),
    /// A keyset cursor (rows after this id): the answer must carry nothing of another tenant.
    /// Empty means "from the start".
    Cursor(&'static str, Kind),
    /// Anything else (text, a flag, a token), with a value the function accepts.
    Value(&'static str, &'static str),
}

impl Arg {
    /// The form field's name.
    pub fn name(&self) -> &'static str {
        match *self {
            Arg::Id(n, _)
            | Arg::Pick(n, _)
            | Arg::Filter(n, _)
            | Arg::Cursor(n, _)
            | Arg::Value(n, _) => n,
        }
    }

    /// The kind of record it names, if it names one.
    pub fn kind(&self) -> Option<Kind> {
        match *self {
            Arg::Id(_, k) | Arg::Pick(_, k) | Arg::Filter(_, k) | Arg::Cursor(_, k) => Some(k),
            Arg::Value(..) => None,
        }
    }
}

/// A server function: its generated path and its arguments.
pub struct ServerFunction {
    pub path: &'static str,
    pub args: &'static [Arg],
}

macro_rules! path {
    ($ty:path) => {
        <$ty as ServerFn>::PATH
    };
}

use Arg::{Cursor, Filter, Id, Pick, Value};
use Kind::*;

/// Server functions that take the id of a record (or a cursor): swept across organizations
/// and across vendor accounts.
pub const ID_TAKING: &[ServerFunction] = &[
    ServerFunction {
        path: path!(vendor_orgs::UpdateOrganization),
        args: &[
            Id("id", Organization),
            Value("name", "Renamed Org"),
            Value("allowed_users", ""),
        ],
    },
    ServerFunction {
        path: path!(vendor_orgs::SetOrganizationContacts),
        args: &[
            Id("id", Organization),
            Pick("primary_contact_id", Owner),
            Pick("secondary_contact_id", Owner),
        ],
    },
    ServerFunction {
        path: path!(vendor_orgs::InviteToOrganization),
        args: &[
            Id("id", Organization),
            Value("email", "invitee@acme.example"),
            Value("first_name", "Invited"),
            Value("last_name", "Person"),
            Value("role", "member"),
        ],
    },
    ServerFunction {
        path: path!(vendor_products::RenameProduct),
        args: &[Id("id", Product), Value("name", "Renamed Product")],
    },
    ServerFunction {
        path: path!(vendor_products::SetProductOfflineHelp),
        args: &[
            Id("id", Product),
            Value("offline_help", "In the product, choose Offline."),
        ],
    },
    ServerFunction {
        path: path!(vendor_products::SetProductVisibility),
        args: &[Id("id", Product), Value("visible", "false")],
    },
    ServerFunction {
        path: path!(org_groups::ListOrgGroups),
        args: &[
            Cursor("after", Group),
            Value("people", "a"),
            Value("license", "KP"),
            Filter("product", Product),
        ],
    },
    ServerFunction {
        path: path!(org_users::ListOrgUsers),
        args: &[Value("q", ""), Cursor("after", User)],
    },
    ServerFunction {
        path: path!(org_groups::GetOrgGroup),
        args: &[
            Id("group_id", Group),
            Cursor("members_after", User),
            Cursor("licenses_after", License),
            Value("people", "a"),
            Value("license", "KP"),
            Filter("product", Product),
        ],
    },
    ServerFunction {
        path: path!(licenses::ListLicenses),
        args: &[
            Value("status", ""),
            Filter("product", Product),
            Value("q", ""),
            Cursor("after", License),
        ],
    },
    ServerFunction {
        path: path!(vendor_licenses::ListIssuedLicenses),
        args: &[Value("q", ""), Cursor("after", License)],
    },
    ServerFunction {
        path: path!(licenses::GetLicense),
        args: &[Id("id", License)],
    },
    ServerFunction {
        path: path!(notifications::ListNotifications),
        args: &[Cursor("after", Notification)],
    },
    ServerFunction {
        path: path!(notifications::MarkNotificationRead),
        args: &[Id("id", Notification)],
    },
    ServerFunction {
        path: path!(machines::DeactivateMachine),
        args: &[Id("license_id", License), Id("activation_id", Activation)],
    },
    ServerFunction {
        path: path!(offline::GetOfflinePage),
        args: &[
            Value("deactivation", "false"),
            Id("review", OfflineUpload),
            Value("done", ""),
        ],
    },
    ServerFunction {
        path: path!(releases::ListReleases),
        args: &[Id("license", License)],
    },
    ServerFunction {
        path: path!(releases::YankRelease),
        args: &[Id("id", Release)],
    },
    ServerFunction {
        path: path!(releases::PublishRelease),
        args: &[Id("id", Release)],
    },
    ServerFunction {
        path: path!(releases::CreateDownloadLink),
        args: &[Id("file", ReleaseFile)],
    },
    ServerFunction {
        path: path!(view_as::StartViewAs),
        args: &[Id("user_id", User)],
    },
    ServerFunction {
        path: path!(audit::ListAuditEvents),
        args: &[
            Filter("organization", Organization),
            Value("actor", ""),
            Value("action", ""),
            Value("from", ""),
            Value("to", ""),
            Cursor("after", AuditEvent),
        ],
    },
    ServerFunction {
        path: path!(org_activity::ListActivity),
        args: &[
            Filter("actor", User),
            Value("action", ""),
            Value("since", ""),
            Value("until", ""),
            Cursor("after", AuditEvent),
        ],
    },
    ServerFunction {
        path: path!(org_users::UpdateOrgUser),
        args: &[
            Id("user_id", User),
            Value("first_name", "Mallory"),
            Value("last_name", "Crafted"),
            Value("role", "owner"),
        ],
    },
    ServerFunction {
        path: path!(org_users::SetOrgUserActive),
        args: &[Id("user_id", User), Value("active", "false")],
    },
    ServerFunction {
        path: path!(org_users::DeleteOrgUser),
        args: &[Id("user_id", User)],
    },
    ServerFunction {
        path: path!(org_users::ResendInvitation),
        args: &[Id("user_id", User)],
    },
    ServerFunction {
        path: path!(org_users::SetOrgContacts),
        args: &[Pick("primary", Owner), Pick("secondary", Owner)],
    },
    ServerFunction {
        path: path!(org_groups::UpdateOrgGroup),
        args: &[
            Id("group_id", Group),
            Value("name", "Crafted"),
            Value("description", "crafted"),
        ],
    },
    ServerFunction {
        path: path!(org_groups::DeleteOrgGroup),
        args: &[Id("group_id", Group)],
    },
    ServerFunction {
        path: path!(org_groups::AddGroupMember),
        args: &[Id("group_id", Group), Id("user_id", User)],
    },
    ServerFunction {
        path: path!(org_groups::RemoveGroupMember),
        args: &[Id("group_id", Group), Id("user_id", User)],
    },
    ServerFunction {
        path: path!(org_groups::DropGroupMember),
        args: &[
            Id("user_id", User),
            Id("from_group", Group),
            Id("to_group", OtherGroup),
        ],
    },
    ServerFunction {
        path: path!(org_groups::LinkGroupLicense),
        args: &[
            Id("group_id", Group),
            Id("license_id", License),
            Value("back", "group"),
        ],
    },
    ServerFunction {
        path: path!(org_groups::UnlinkGroupLicense),
        args: &[
            Id("group_id", Group),
            Id("license_id", License),
            Value("back", "group"),
        ],
    },
    ServerFunction {
        path: path!(org_groups::AssignOrgLicense),
        args: &[Id("license_id", License), Id("user_id", User)],
    },
    ServerFunction {
        path: path!(vendor_licenses::CreateLicense),
        args: &[
            Pick("product", Product),
            Pick("organization", Organization),
            Pick("owner", User),
            Value("expires", "2031-01-31"),
            Value("maintenance_expires", ""),
            Value("allowed_activations", "3"),
            Value("allowed_deactivations", ""),
            Value("lease_days", ""),
            Value("metadata", "edition=Crafted"),
        ],
    },
    ServerFunction {
        path: path!(vendor_licenses::ChangeLicenseStatus),
        args: &[Id("id", License), Value("change", "suspend")],
    },
];

/// Server functions that take no id of a record: nothing of another tenant can be named.
/// (Invitation tokens are secrets of 256 bits, not ids.)
pub const NO_FOREIGN_ID: &[ServerFunction] = &[
    ServerFunction {
        path: path!(vendor_orgs::GetVendorOrganizations),
        args: &[],
    },
    ServerFunction {
        path: path!(vendor_orgs::CreateOrganization),
        args: &[Value("name", "Sweep Org"), Value("allowed_users", "10")],
    },
    ServerFunction {
        path: path!(vendor_products::GetVendorProducts),
        args: &[],
    },
    ServerFunction {
        path: path!(vendor_products::CreateProduct),
        args: &[
            Value("name", "Sweep Product"),
            Value("visibility", "default"),
        ],
    },
    ServerFunction {
        path: path!(auth::Login),
        args: &[
            Value("email", "nobody@acme.example"),
            Value("password", "not-the-password"),
        ],
    },
    ServerFunction {
        path: path!(auth::Logout),
        args: &[],
    },
    ServerFunction {
        path: path!(vendor_licenses::GetLicenseChoices),
        args: &[],
    },
    ServerFunction {
        path: path!(auth::GetCurrentUser),
        args: &[],
    },
    ServerFunction {
        path: path!(branding::GetBranding),
        args: &[Value("preview", "true")],
    },
    ServerFunction {
        path: path!(branding::GetPortalAvailability),
        args: &[],
    },
    ServerFunction {
        path: path!(branding::GetBrandingSettings),
        args: &[],
    },
    ServerFunction {
        path: path!(branding::SaveBrandingDraft),
        args: &[
            Value("portal_name", "Northwind Portal"),
            Value("primary", "#1d4ed8"),
            Value("accent", "#0f766e"),
            Value("support_email", "support@vendor.example"),
            Value("support_url", "https://vendor.example/support"),
            Value("login_text", "Welcome."),
        ],
    },
    ServerFunction {
        path: path!(branding::PublishBranding),
        args: &[],
    },
    ServerFunction {
        path: path!(branding::DiscardBrandingDraft),
        args: &[],
    },
    ServerFunction {
        path: path!(branding::RemoveBrandingLogo),
        args: &[],
    },
    ServerFunction {
        path: path!(notifications::GetNotificationDefaults),
        args: &[],
    },
    ServerFunction {
        path: path!(notifications::SaveNotificationDefaults),
        args: &[Value("channel[]", "license_expired_or_suspended:email")],
    },
    ServerFunction {
        path: path!(notifications::GetMyNotificationPreferences),
        args: &[],
    },
    ServerFunction {
        path: path!(notifications::SaveMyNotificationPreferences),
        args: &[Value("channel[]", "license_expired_or_suspended:in_portal")],
    },
    ServerFunction {
        path: path!(notifications::ResetMyNotificationPreferences),
        args: &[],
    },
    ServerFunction {
        path: path!(notifications::GetUnreadNotifications),
        args: &[],
    },
    ServerFunction {
        path: path!(notifications::MarkAllNotificationsRead),
        args: &[],
    },
    ServerFunction {
        path: path!(dashboard::GetCustomerDashboard),
        args: &[],
    },
    ServerFunction {
        path: path!(dashboard::GetVendorDashboard),
        args: &[],
    },
    ServerFunction {
        path: path!(domain::GetCustomDomain),
        args: &[],
    },
    ServerFunction {
        path: path!(domain::SetCustomDomain),
        args: &[Value("domain", "licenses.vendor.example")],
    },
    ServerFunction {
        path: path!(domain::CheckCustomDomain),
        args: &[],
    },
    ServerFunction {
        path: path!(org_activity::ListOutbox),
        args: &[],
    },
    ServerFunction {
        path: path!(org_groups::CreateOrgGroup),
        args: &[Value("name", "Night shift"), Value("description", "")],
    },
    ServerFunction {
        path: path!(org_users::InviteUser),
        args: &[
            Value("email", "newcomer@acme.example"),
            Value("first_name", "New"),
            Value("last_name", "Comer"),
            Value("role", "member"),
        ],
    },
    ServerFunction {
        path: path!(org_users::GetInvitation),
        args: &[Value("token", "no-such-token")],
    },
    ServerFunction {
        path: path!(org_users::AcceptInvitation),
        args: &[
            Value("token", "no-such-token"),
            Value("password", "a-long-new-password"),
        ],
    },
    ServerFunction {
        path: path!(profile::GetProfile),
        args: &[],
    },
    ServerFunction {
        path: path!(profile::UpdateProfile),
        args: &[
            Value("first_name", "Olivia"),
            Value("last_name", "Owner"),
            Value("email", "owner@acme.example"),
            Value("current_password", crate::helpers::PASSWORD),
        ],
    },
    ServerFunction {
        // A wrong current password: the sweeps must not sign anyone out.
        path: path!(profile::ChangePassword),
        args: &[
            Value("current_password", "not-the-password"),
            Value("new_password", "another-long-password"),
        ],
    },
    ServerFunction {
        path: path!(releases::ListVendorReleases),
        args: &[],
    },
    ServerFunction {
        path: path!(settings::GetPortalSettings),
        args: &[],
    },
    ServerFunction {
        path: path!(settings::UpdatePortalModes),
        args: &[
            Value("portal_enabled", "on"),
            Value("logged_in_portal_enabled", "on"),
            Value("secure_link_approval", "on"),
            Value("secure_link_payment", "on"),
            Value("customer_self_service", "on"),
            Value("audit_portal_actions", "on"),
        ],
    },
    ServerFunction {
        path: path!(settings::UpdateCatalogDefaults),
        args: &[Value("products_visible_by_default", "on")],
    },
    ServerFunction {
        path: path!(settings::UpdateOfflineMaxAge),
        args: &[Value("offline_max_age_days", "14")],
    },
    ServerFunction {
        path: path!(settings::UpdateAllowedActions),
        args: &[
            Value("enabled[]", "licenses.view"),
            Value("visible[]", "licenses.view"),
        ],
    },
    ServerFunction {
        path: path!(settings::UpdatePermissionMatrix),
        args: &[Value("grant[]", "member:licenses.view")],
    },
    ServerFunction {
        path: path!(settings::ResetPermissionMatrix),
        args: &[],
    },
    ServerFunction {
        path: path!(view_as::ListViewAsCustomers),
        args: &[],
    },
    ServerFunction {
        path: path!(view_as::EndViewAs),
        args: &[],
    },
];

/// Every classified server function.
pub fn all() -> impl Iterator<Item = &'static ServerFunction> {
    ID_TAKING.iter().chain(NO_FOREIGN_ID)
}

#[test]
fn every_registered_server_function_is_classified() {
    let registered: HashSet<&str> = server_fn_paths().map(|(path, _)| path).collect();
    assert!(registered.len() >= 50, "too few registered: {registered:?}");
    let mut seen = HashSet::new();
    for f in all() {
        assert!(seen.insert(f.path), "{} is listed twice", f.path);
        assert!(
            registered.contains(f.path),
            "{} is listed but not registered",
            f.path
        );
    }
    let unclassified: Vec<_> = registered.difference(&seen).collect();
    assert!(
        unclassified.is_empty(),
        "server functions missing from server_fns.rs (list them in ID_TAKING when they take \
         the id of a record, else in NO_FOREIGN_ID): {unclassified:?}"
    );
    for f in ID_TAKING {
        assert!(
            f.args.iter().any(|a| a.kind().is_some()),
            "{} is in ID_TAKING but names no record",
            f.path
        );
    }
    for f in NO_FOREIGN_ID {
        for a in f.args {
            let name = a.name();
            // An id in disguise belongs in ID_TAKING.
            assert!(
                a.kind().is_none() && !name.ends_with("id") && !name.ends_with("_group"),
                "{}: argument {name} looks like an id; move the function to ID_TAKING",
                f.path
            );
        }
    }
}
