//! Per-account portal settings (DESIGN.md section 2): modes, catalog visibility defaults,
//! allowed customer actions and the editable role x permission matrix.
//!
//! Effective customer permission = the action is enabled AND customer-visible AND the role
//! grants it in the account's matrix. It is computed when a session is resolved and carried
//! in the `Principal` (see [`effective`]), so `Principal::can` stays synchronous and a change
//! applies to signed-in users on their next request.

mod summary;
mod update;

use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

pub use summary::summary;
pub use update::{
    ActionsInput, CatalogInput, ModesInput, reset_matrix, update_actions, update_catalog,
    update_matrix, update_modes, update_offline_max_age,
};

use crate::{
    Db, Result, ServiceError,
    audit::{self, AuditEntry},
    entities::portal_settings,
    permissions::{CustomerRole, Permission, PermissionSet},
    principal::Principal,
};

/// The portal modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    /// Customers may use the portal at all (staff always sign in).
    pub portal_enabled: bool,
    /// Customers may sign in.
    pub logged_in_portal_enabled: bool,
    /// Offers may be accepted from a signed, emailed link.
    pub secure_link_approval: bool,
    /// Invoices may be paid from a signed, emailed link.
    pub secure_link_payment: bool,
    /// Customers may request new services and cancellations.
    pub customer_self_service: bool,
    /// Customer actions are recorded in the audit log.
    pub audit_portal_actions: bool,
}

impl Default for Modes {
    fn default() -> Self {
        Self {
            portal_enabled: true,
            logged_in_portal_enabled: true,
            secure_link_approval: false,
            secure_link_payment: false,
            customer_self_service: true,
            audit_portal_actions: true,
        }
    }
}

/// One account's portal settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalSettings {
    /// Modes.
    pub modes: Modes,
    /// New products are visible to customers.
    pub products_visible_by_default: bool,
    /// Enabled actions (an action is named by its permission).
    pub actions_enabled: PermissionSet,
    /// Customer-visible actions (the others are internal / admin only).
    pub actions_visible: PermissionSet,
    /// Role x permission, in the order of [`CustomerRole::ALL`].
    pub matrix: [PermissionSet; 5],
    /// Oldest offline request file accepted, in days (DESIGN.md section 4).
    pub offline_max_age_days: i32,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            modes: Modes::default(),
            products_visible_by_default: true,
            actions_enabled: PermissionSet::all(),
            actions_visible: PermissionSet::all(),
            matrix: default_matrix(),
            offline_max_age_days: DEFAULT_OFFLINE_MAX_AGE_DAYS,
        }
    }
}

/// The maximum age of an offline request file unless staff choose another.
pub const DEFAULT_OFFLINE_MAX_AGE_DAYS: i32 = 7;

/// The range staff may choose from, in days.
pub const OFFLINE_MAX_AGE_DAYS: std::ops::RangeInclusive<i32> = 1..=365;

/// The matrix of DESIGN.md.
pub fn default_matrix() -> [PermissionSet; 5] {
    CustomerRole::ALL.map(PermissionSet::defaults_for)
}

fn role_index(role: CustomerRole) -> usize {
    CustomerRole::ALL
        .iter()
        .position(|r| *r == role)
        .unwrap_or_default()
}

impl PortalSettings {
    /// What `role` grants in this account's matrix.
    pub fn grants(&self, role: CustomerRole) -> PermissionSet {
        self.matrix[role_index(role)]
    }

    /// The effective permissions of a customer with `role`.
    pub fn effective(&self, role: CustomerRole) -> PermissionSet {
        effective(
            self.actions_enabled.intersect(self.actions_visible),
            self.grants(role),
        )
    }

    /// Whether customers may have a session (portal and logged-in portal enabled).
    pub fn customers_may_sign_in(&self) -> bool {
        self.modes.portal_enabled && self.modes.logged_in_portal_enabled
    }

    pub(crate) fn audit_json(&self) -> serde_json::Value {
        let m = self.modes;
        json!({
            "portal_enabled": m.portal_enabled,
            "logged_in_portal_enabled": m.logged_in_portal_enabled,
            "secure_link_approval": m.secure_link_approval,
            "secure_link_payment": m.secure_link_payment,
            "customer_self_service": m.customer_self_service,
            "audit_portal_actions": m.audit_portal_actions,
            "products_visible_by_default": self.products_visible_by_default,
            "actions_disabled": PermissionSet::all().minus(self.actions_enabled).ids(),
            "actions_internal": PermissionSet::all().minus(self.actions_visible).ids(),
            "matrix": matrix_json(&self.matrix),
            "offline_max_age_days": self.offline_max_age_days,
        })
    }
}

/// The evaluation rule: an action the account allows AND a permission the role grants.
pub fn effective(allowed_actions: PermissionSet, role_grants: PermissionSet) -> PermissionSet {
    allowed_actions.intersect(role_grants)
}

fn matrix_json(matrix: &[PermissionSet; 5]) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = CustomerRole::ALL
        .into_iter()
        .zip(matrix)
        .map(|(r, s)| (r.as_str().to_owned(), json!(s.ids())))
        .collect();
    serde_json::Value::Object(map)
}

fn parse_set(text: &str) -> PermissionSet {
    serde_json::from_str::<Vec<String>>(text)
        .unwrap_or_default()
        .iter()
        .filter_map(|id| Permission::parse(id))
        .collect()
}

fn from_row(row: portal_settings::Model) -> PortalSettings {
    let stored: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&row.matrix).unwrap_or_default();
    let matrix = CustomerRole::ALL.map(|r| match stored.get(r.as_str()) {
        Some(v) => parse_set(&v.to_string()),
        None => PermissionSet::defaults_for(r),
    });
    PortalSettings {
        modes: Modes {
            portal_enabled: row.portal_enabled,
            logged_in_portal_enabled: row.logged_in_portal_enabled,
            secure_link_approval: row.secure_link_approval,
            secure_link_payment: row.secure_link_payment,
            customer_self_service: row.customer_self_service,
            audit_portal_actions: row.audit_portal_actions,
        },
        products_visible_by_default: row.products_visible_by_default,
        actions_enabled: PermissionSet::all().minus(parse_set(&row.actions_disabled)),
        actions_visible: PermissionSet::all().minus(parse_set(&row.actions_internal)),
        matrix,
        offline_max_age_days: row.offline_max_age_days,
    }
}

/// The settings of an account (the defaults until staff save any). For pre-authentication
/// code (login, session resolution); pages use [`view`].
pub async fn settings<C: ConnectionTrait>(conn: &C, account_id: Uuid) -> Result<PortalSettings> {
    Ok(portal_settings::Entity::find_by_id(account_id)
        .one(conn)
        .await?
        .map(from_row)
        .unwrap_or_default())
}

/// The settings, for vendor staff (admin and support) of the principal's account only.
pub async fn view(db: &Db, principal: &Principal) -> Result<PortalSettings> {
    if !matches!(principal, Principal::Staff(_)) {
        return Err(ServiceError::Forbidden);
    }
    settings(db, principal.account_id()).await
}

/// Records a customer's portal action, unless the account turned "audit portal actions" off.
/// Staff actions always go to [`audit::record`] directly. Returns whether it was recorded.
pub async fn record_customer_action<C: ConnectionTrait>(
    conn: &C,
    entry: AuditEntry<'_>,
) -> Result<bool> {
    if !settings(conn, entry.account_id)
        .await?
        .modes
        .audit_portal_actions
    {
        return Ok(false);
    }
    audit::record(conn, entry).await?;
    Ok(true)
}

/// Records an action of `actor`: always for staff, for customers only while the account
/// records portal actions ([`record_customer_action`]). Returns whether it was recorded.
pub async fn record_action<C: ConnectionTrait>(
    conn: &C,
    actor: &Principal,
    entry: AuditEntry<'_>,
) -> Result<bool> {
    match actor {
        Principal::Staff(_) => {
            audit::record(conn, entry).await?;
            Ok(true)
        }
        Principal::Customer(_) => record_customer_action(conn, entry).await,
    }
}

/// Whether the feature behind an action exists yet; the commerce actions (offers, invoices,
/// payments, subscriptions, service requests, billing) are shown as "not available yet".
pub fn action_available(p: Permission) -> bool {
    use Permission as P;
    !matches!(
        p,
        P::OffersView
            | P::OffersAccept
            | P::OffersReject
            | P::InvoicesView
            | P::InvoicesPay
            | P::PaymentsView
            | P::SubscriptionsView
            | P::ServicesRequest
            | P::ServicesRequestCancellation
            | P::RequestsViewStatus
            | P::PaymentMethodsManage
            | P::BillingInfoEdit
    )
}
