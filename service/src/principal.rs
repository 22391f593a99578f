//! Who is asking (`Principal`) and what data they may reach (`Scope`).

use uuid::Uuid;

use crate::permissions::{CustomerRole, Permission, PermissionSet, StaffRole};

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// Vendor staff.
    Staff(StaffPrincipal),
    /// A customer user.
    Customer(CustomerPrincipal),
}

/// A signed-in vendor staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffPrincipal {
    /// User id.
    pub user_id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Staff role.
    pub role: StaffRole,
    /// Email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
}

/// A signed-in customer user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPrincipal {
    /// User id.
    pub user_id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Organization, None for an individual customer.
    pub organization_id: Option<Uuid>,
    /// Organization name.
    pub organization_name: Option<String>,
    /// Customer role.
    pub role: CustomerRole,
    /// Email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Effective permissions (allowed actions AND the account's matrix for the role),
    /// computed when the session is resolved (`service::portal`).
    pub grants: PermissionSet,
    /// Set when vendor staff view the portal as this user (`service::view_as`): the staff
    /// member's user id. Such a principal is read-only.
    pub viewed_by: Option<Uuid>,
}

impl Principal {
    /// The vendor account.
    pub fn account_id(&self) -> Uuid {
        match self {
            Self::Staff(s) => s.account_id,
            Self::Customer(c) => c.account_id,
        }
    }

    /// The user id.
    pub fn user_id(&self) -> Uuid {
        match self {
            Self::Staff(s) => s.user_id,
            Self::Customer(c) => c.user_id,
        }
    }

    /// The email.
    pub fn email(&self) -> &str {
        match self {
            Self::Staff(s) => &s.email,
            Self::Customer(c) => &c.email,
        }
    }

    /// Given name and family name.
    pub fn names(&self) -> (&str, &str) {
        match self {
            Self::Staff(s) => (&s.first_name, &s.last_name),
            Self::Customer(c) => (&c.first_name, &c.last_name),
        }
    }

    /// The organization of a customer.
    pub fn organization_id(&self) -> Option<Uuid> {
        match self {
            Self::Staff(_) => None,
            Self::Customer(c) => c.organization_id,
        }
    }

    /// `Ok` for a vendor admin, `Forbidden` for anyone else (vendor support, customers): the
    /// check of every staff setting and catalog change.
    pub(crate) fn require_vendor_admin(&self) -> crate::Result<()> {
        match self {
            Self::Staff(s) if s.role == StaffRole::Admin => Ok(()),
            _ => Err(crate::ServiceError::Forbidden),
        }
    }

    /// Whether the principal holds `p`: staff admins everything, staff support every read;
    /// customers what the account allows and their role grants in the account's matrix.
    pub fn can(&self, p: Permission) -> bool {
        match self {
            Self::Staff(s) => match s.role {
                StaffRole::Admin => true,
                StaffRole::Support => p.is_read_only() || p == Permission::ReleasesDownload,
            },
            Self::Customer(c) if c.viewed_by.is_some() => c.grants.contains(p) && p.is_read_only(),
            Self::Customer(c) => c.grants.contains(p),
        }
    }

    /// Staff viewing the portal as this customer (read-only), with the staff user id.
    pub fn viewed_by(&self) -> Option<Uuid> {
        match self {
            Self::Customer(c) => c.viewed_by,
            Self::Staff(_) => None,
        }
    }
}

/// The rows a principal may reach. The only constructor is [`Scope::of`], so a query that
/// takes a `Scope` cannot be called unscoped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    account_id: Uuid,
    customer: Option<CustomerScope>,
}

/// The customer part of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CustomerScope {
    pub(crate) user_id: Uuid,
    pub(crate) organization_id: Option<Uuid>,
    /// Sees every license of the organization (`licenses.view_all` and an organization).
    pub(crate) view_all: bool,
}

impl Scope {
    /// The scope of a principal.
    pub fn of(p: &Principal) -> Scope {
        match p {
            Principal::Staff(s) => Scope {
                account_id: s.account_id,
                customer: None,
            },
            Principal::Customer(c) => Scope {
                account_id: c.account_id,
                customer: Some(CustomerScope {
                    user_id: c.user_id,
                    organization_id: c.organization_id,
                    view_all: c.organization_id.is_some() && p.can(Permission::LicensesViewAll),
                }),
            },
        }
    }

    /// The vendor account every query is limited to.
    pub fn account_id(&self) -> Uuid {
        self.account_id
    }

    /// Whether the scope sees whole organizations (vendor staff: all of them; a customer with
    /// `licenses.view_all`: theirs), rather than what is assigned to one person.
    pub fn sees_one_organization_or_more(&self) -> bool {
        self.customer.is_none_or(|c| c.view_all)
    }

    /// Whether this is vendor staff (the whole account is visible).
    pub fn is_vendor(&self) -> bool {
        self.customer.is_none()
    }

    /// The customer part, None for staff.
    pub(crate) fn customer(&self) -> Option<CustomerScope> {
        self.customer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(role: CustomerRole, organization_id: Option<Uuid>) -> Principal {
        Principal::Customer(CustomerPrincipal {
            user_id: Uuid::now_v7(),
            account_id: Uuid::now_v7(),
            organization_id,
            organization_name: None,
            role,
            email: "x@example.com".into(),
            first_name: "X".into(),
            last_name: "Y".into(),
            grants: PermissionSet::defaults_for(role),
            viewed_by: None,
        })
    }

    #[test]
    fn view_all_needs_the_permission_and_an_organization() {
        let org = Some(Uuid::now_v7());
        assert!(
            Scope::of(&customer(CustomerRole::Owner, org))
                .customer()
                .unwrap()
                .view_all
        );
        assert!(
            Scope::of(&customer(CustomerRole::Accountant, org))
                .customer()
                .unwrap()
                .view_all
        );
        assert!(
            !Scope::of(&customer(CustomerRole::Member, org))
                .customer()
                .unwrap()
                .view_all
        );
        assert!(
            !Scope::of(&customer(CustomerRole::Owner, None))
                .customer()
                .unwrap()
                .view_all
        );
    }

    #[test]
    fn support_staff_only_read() {
        let support = Principal::Staff(StaffPrincipal {
            user_id: Uuid::now_v7(),
            account_id: Uuid::now_v7(),
            role: StaffRole::Support,
            email: "s@vendor.example".into(),
            first_name: "S".into(),
            last_name: "T".into(),
        });
        assert!(support.can(Permission::LicensesViewAll));
        assert!(!support.can(Permission::AccountEdit));
        assert!(!support.can(Permission::UsersManage));
        assert!(Scope::of(&support).is_vendor());
    }
}
