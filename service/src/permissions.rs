//! Permission ids, customer and staff roles, and the default role x permission matrix.

mod roles;
mod set;

pub use roles::{CustomerRole, StaffRole};
pub use set::PermissionSet;

/// A customer-facing permission (stable string ids shared by UI and server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// `dashboard.view`
    DashboardView,
    /// `licenses.view`
    LicensesView,
    /// `licenses.view_all`: every license of the organization, not only one's own.
    LicensesViewAll,
    /// `machines.deactivate`
    MachinesDeactivate,
    /// `offline.activate`
    OfflineActivate,
    /// `offline.deactivate`
    OfflineDeactivate,
    /// `releases.download`
    ReleasesDownload,
    /// `users.manage`
    UsersManage,
    /// `groups.manage`
    GroupsManage,
    /// `groups.assign_licenses`
    GroupsAssignLicenses,
    /// `offers.view`
    OffersView,
    /// `offers.accept`
    OffersAccept,
    /// `offers.reject`
    OffersReject,
    /// `invoices.view`
    InvoicesView,
    /// `invoices.pay`
    InvoicesPay,
    /// `payments.view`
    PaymentsView,
    /// `subscriptions.view`
    SubscriptionsView,
    /// `services.request`
    ServicesRequest,
    /// `services.request_cancellation`
    ServicesRequestCancellation,
    /// `requests.view_status`
    RequestsViewStatus,
    /// `payment_methods.manage`
    PaymentMethodsManage,
    /// `account.edit`
    AccountEdit,
    /// `billing_info.edit`
    BillingInfoEdit,
    /// `audit.view`
    AuditView,
}

impl Permission {
    /// Every permission, in the order of DESIGN.md section 2.
    pub const ALL: [Permission; 24] = [
        Self::DashboardView,
        Self::LicensesView,
        Self::LicensesViewAll,
        Self::MachinesDeactivate,
        Self::OfflineActivate,
        Self::OfflineDeactivate,
        Self::ReleasesDownload,
        Self::UsersManage,
        Self::GroupsManage,
        Self::GroupsAssignLicenses,
        Self::OffersView,
        Self::OffersAccept,
        Self::OffersReject,
        Self::InvoicesView,
        Self::InvoicesPay,
        Self::PaymentsView,
        Self::SubscriptionsView,
        Self::ServicesRequest,
        Self::ServicesRequestCancellation,
        Self::RequestsViewStatus,
        Self::PaymentMethodsManage,
        Self::AccountEdit,
        Self::BillingInfoEdit,
        Self::AuditView,
    ];

    /// The stable id, e.g. `"licenses.view_all"`.
    pub fn id(self) -> &'static str {
        match self {
            Self::DashboardView => "dashboard.view",
            Self::LicensesView => "licenses.view",
            Self::LicensesViewAll => "licenses.view_all",
            Self::MachinesDeactivate => "machines.deactivate",
            Self::OfflineActivate => "offline.activate",
            Self::OfflineDeactivate => "offline.deactivate",
            Self::ReleasesDownload => "releases.download",
            Self::UsersManage => "users.manage",
            Self::GroupsManage => "groups.manage",
            Self::GroupsAssignLicenses => "groups.assign_licenses",
            Self::OffersView => "offers.view",
            Self::OffersAccept => "offers.accept",
            Self::OffersReject => "offers.reject",
            Self::InvoicesView => "invoices.view",
            Self::InvoicesPay => "invoices.pay",
            Self::PaymentsView => "payments.view",
            Self::SubscriptionsView => "subscriptions.view",
            Self::ServicesRequest => "services.request",
            Self::ServicesRequestCancellation => "services.request_cancellation",
            Self::RequestsViewStatus => "requests.view_status",
            Self::PaymentMethodsManage => "payment_methods.manage",
            Self::AccountEdit => "account.edit",
            Self::BillingInfoEdit => "billing_info.edit",
            Self::AuditView => "audit.view",
        }
    }

    /// The permission with this id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == s)
    }

    /// Whether it concerns the user's organization (its people, groups, activity, every
    /// license of it): a customer without an organization never holds it, whatever the
    /// matrix gives their role, so no page offers what they could not open.
    pub fn needs_organization(self) -> bool {
        matches!(
            self,
            Self::LicensesViewAll
                | Self::UsersManage
                | Self::GroupsManage
                | Self::GroupsAssignLicenses
                | Self::AuditView
        )
    }

    /// Whether it only reads (what vendor support may do on every customer's behalf).
    pub fn is_read_only(self) -> bool {
        matches!(
            self,
            Self::DashboardView
                | Self::LicensesView
                | Self::LicensesViewAll
                | Self::OffersView
                | Self::InvoicesView
                | Self::PaymentsView
                | Self::SubscriptionsView
                | Self::RequestsViewStatus
                | Self::AuditView
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{CustomerRole as R, Permission as P, StaffRole};

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = P::ALL.iter().map(|p| p.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 24);
        for p in P::ALL {
            assert_eq!(P::parse(p.id()), Some(p));
        }
        assert_eq!(P::parse("licenses.delete"), None);
        for r in R::ALL {
            assert_eq!(R::parse(r.as_str()), Some(r));
        }
        assert_eq!(StaffRole::parse("vendor-support"), Some(StaffRole::Support));
    }

    #[test]
    fn owners_have_everything() {
        assert!(P::ALL.into_iter().all(|p| R::Owner.default_grants(p)));
    }

    #[test]
    fn only_owners_manage_users_groups_account_and_audit() {
        for p in [
            P::UsersManage,
            P::GroupsManage,
            P::GroupsAssignLicenses,
            P::AccountEdit,
            P::AuditView,
        ] {
            for r in [R::Accountant, R::OperationsManager, R::Member, R::Viewer] {
                assert!(!r.default_grants(p), "{r:?} has {p:?}");
            }
        }
    }

    #[test]
    fn accountants_handle_money_and_read_licenses() {
        assert!(R::Accountant.default_grants(P::InvoicesPay));
        assert!(R::Accountant.default_grants(P::LicensesViewAll));
        assert!(!R::Accountant.default_grants(P::MachinesDeactivate));
        assert!(!R::Accountant.default_grants(P::OfflineActivate));
    }

    #[test]
    fn members_and_viewers_see_only_their_licenses() {
        assert!(!R::Member.default_grants(P::LicensesViewAll));
        assert!(!R::Viewer.default_grants(P::LicensesViewAll));
        assert!(R::OperationsManager.default_grants(P::LicensesViewAll));
        assert!(R::Member.default_grants(P::MachinesDeactivate));
        assert!(!R::Viewer.default_grants(P::MachinesDeactivate));
        assert!(!R::Member.default_grants(P::InvoicesView));
        assert_eq!(
            P::ALL
                .into_iter()
                .filter(|p| R::Viewer.default_grants(*p))
                .count(),
            3
        );
    }
}
