//! Customer and staff roles, and what each customer role grants by default.

use super::Permission;

/// A customer user's role in their organization (or as an individual).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerRole {
    /// Organization admin: everything in the organization.
    Owner,
    /// Offers, invoices, payments, subscriptions, billing; licenses read-only.
    Accountant,
    /// Licenses, machines, offline activation, releases, service requests.
    OperationsManager,
    /// Licenses assigned to them directly or through their groups; own machines.
    Member,
    /// Read-only view of what a member sees.
    Viewer,
}

impl CustomerRole {
    /// Every role, most powerful first.
    pub const ALL: [CustomerRole; 5] = [
        Self::Owner,
        Self::Accountant,
        Self::OperationsManager,
        Self::Member,
        Self::Viewer,
    ];

    /// Whether the role grants `p` in the default matrix (editable per account later).
    pub fn default_grants(self, p: Permission) -> bool {
        use Permission as P;
        match self {
            Self::Owner => true,
            Self::Accountant => matches!(
                p,
                P::DashboardView
                    | P::LicensesView
                    | P::LicensesViewAll
                    | P::OffersView
                    | P::OffersAccept
                    | P::OffersReject
                    | P::InvoicesView
                    | P::InvoicesPay
                    | P::PaymentsView
                    | P::SubscriptionsView
                    | P::RequestsViewStatus
                    | P::PaymentMethodsManage
                    | P::BillingInfoEdit
            ),
            Self::OperationsManager => matches!(
                p,
                P::DashboardView
                    | P::LicensesView
                    | P::LicensesViewAll
                    | P::MachinesDeactivate
                    | P::OfflineActivate
                    | P::OfflineDeactivate
                    | P::ReleasesDownload
                    | P::ServicesRequest
                    | P::ServicesRequestCancellation
                    | P::RequestsViewStatus
            ),
            Self::Member => matches!(
                p,
                P::DashboardView
                    | P::LicensesView
                    | P::MachinesDeactivate
                    | P::ReleasesDownload
                    | P::OfflineActivate
                    | P::OfflineDeactivate
                    | P::RequestsViewStatus
            ),
            Self::Viewer => matches!(
                p,
                P::DashboardView | P::LicensesView | P::RequestsViewStatus
            ),
        }
    }

    /// The stored id: `owner`, `accountant`, `operations_manager`, `member`, `viewer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Accountant => "accountant",
            Self::OperationsManager => "operations_manager",
            Self::Member => "member",
            Self::Viewer => "viewer",
        }
    }

    /// The role with this stored id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Owner => "Owner",
            Self::Accountant => "Accountant",
            Self::OperationsManager => "Operations manager",
            Self::Member => "Member",
            Self::Viewer => "Viewer",
        }
    }
}

/// A vendor staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffRole {
    /// `vendor-admin`: everything.
    Admin,
    /// `vendor-support`: reads everything, acts for customers, no settings.
    Support,
}

impl StaffRole {
    /// The stored id: `vendor-admin` or `vendor-support`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "vendor-admin",
            Self::Support => "vendor-support",
        }
    }

    /// The role with this stored id.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "vendor-admin" => Some(Self::Admin),
            "vendor-support" => Some(Self::Support),
            _ => None,
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Vendor admin",
            Self::Support => "Vendor support",
        }
    }
}
