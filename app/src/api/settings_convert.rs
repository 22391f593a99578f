//! From `service::portal` to the settings DTOs (ssr only).

use crate::dto::settings::{ActionRow, PortalSettings, RoleRow};
use service::{
    Principal,
    permissions::{CustomerRole, Permission, StaffRole},
    portal,
};

pub fn portal_settings(viewer: &Principal, s: &portal::PortalSettings) -> PortalSettings {
    let m = s.modes;
    PortalSettings {
        can_edit: matches!(viewer, Principal::Staff(st) if st.role == StaffRole::Admin),
        portal_enabled: m.portal_enabled,
        logged_in_portal_enabled: m.logged_in_portal_enabled,
        secure_link_approval: m.secure_link_approval,
        secure_link_payment: m.secure_link_payment,
        customer_self_service: m.customer_self_service,
        audit_portal_actions: m.audit_portal_actions,
        products_visible_by_default: s.products_visible_by_default,
        offline_max_age_days: s.offline_max_age_days,
        actions: Permission::ALL
            .into_iter()
            .map(|p| ActionRow {
                id: p.id().to_owned(),
                enabled: s.actions_enabled.contains(p),
                visible: s.actions_visible.contains(p),
                available: portal::action_available(p),
            })
            .collect(),
        roles: CustomerRole::ALL
            .into_iter()
            .map(|r| RoleRow {
                id: r.as_str().to_owned(),
                label: r.label().to_owned(),
                grants: s.grants(r).ids().into_iter().map(str::to_owned).collect(),
                summary: portal::summary(s.effective(r)),
            })
            .collect(),
    }
}
