//! What an organization's admins do to their people: users and invitations, contacts,
//! groups, memberships, and which licenses groups and users get.
//!
//! Every function takes the acting [`Principal`]: it must be a customer of an organization
//! whose role grants the permission (`users.manage`, `groups.manage`,
//! `groups.assign_licenses`), and every id it names must belong to that same organization,
//! or the answer is `NotFound` and nothing changes. Each change writes one audit event (actor,
//! organization, target, before/after) in the transaction of the change.

mod contacts;
mod group_pages;
mod groups;
mod invitations;
mod licenses;
pub mod lookup;
mod rules;
mod users;

use sea_orm::ConnectionTrait;
use serde_json::Value;
use uuid::Uuid;

pub use contacts::set_contacts;
pub(crate) use contacts::set_contacts_as;
pub use group_pages::{
    GROUP_PAGE, GROUPS_PAGE, GroupSummary, GroupsOverview, Member, PREVIEW, group_detail,
    groups_page,
};
pub use groups::{
    GroupView, add_member, create_group, delete_group, list_groups, move_member, remove_member,
    update_group,
};
pub(crate) use invitations::invite_as;
pub use invitations::{Invitation, InvitationInfo, accept, invitation_info, invite, resend};
pub use licenses::{
    LICENSE_MATCHES, OrgLicense, assign_license, link_license, search_licenses, unlink_license,
};
pub use users::{
    OrgUser, PEOPLE_MATCHES, USERS_PAGE, UserEdit, UsersPage, delete_user, list_users,
    search_people, set_active, update_user,
};

use crate::{
    FieldError, Result, ServiceError,
    audit::{AuditEntry, Outcome},
    permissions::Permission,
    portal,
    principal::Principal,
};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

/// The acting admin: account and organization, after the permission check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Admin<'a> {
    pub(crate) principal: &'a Principal,
    pub(crate) account_id: Uuid,
    pub(crate) organization_id: Uuid,
}

/// The admin context of `p` for `perm`: `Forbidden` for staff, individual customers and
/// roles without the permission.
pub(crate) fn admin(p: &Principal, perm: Permission) -> Result<Admin<'_>> {
    match (p, p.organization_id()) {
        (Principal::Customer(_), Some(org)) if p.can(perm) => Ok(Admin {
            principal: p,
            account_id: p.account_id(),
            organization_id: org,
        }),
        _ => Err(ServiceError::Forbidden),
    }
}

/// A vendor admin acting on organization `organization_id` of their account (the vendor
/// console's organizations page): the same rules, invitations and audit events as an
/// organization's own admin. The caller checks the organization exists in the account.
pub(crate) fn vendor_admin(p: &Principal, organization_id: Uuid) -> Result<Admin<'_>> {
    match p {
        Principal::Staff(s) if s.role == crate::permissions::StaffRole::Admin => Ok(Admin {
            principal: p,
            account_id: p.account_id(),
            organization_id,
        }),
        _ => Err(ServiceError::Forbidden),
    }
}

impl Admin<'_> {
    /// Records one successful change.
    pub(crate) async fn audit<C: ConnectionTrait>(
        &self,
        conn: &C,
        action: &str,
        target_type: &str,
        target_id: Uuid,
        before: Value,
        after: Value,
    ) -> Result<()> {
        // An organization admin is a customer: recorded while the account records portal
        // actions; a vendor admin acting here is always recorded.
        portal::record_action(
            conn,
            self.principal,
            AuditEntry {
                account_id: self.account_id,
                actor_user_id: Some(self.principal.user_id()),
                actor_email: self.principal.email(),
                organization_id: Some(self.organization_id),
                action,
                target_type,
                target_id: target_id.to_string(),
                outcome: Outcome::Success,
                ip: None,
                details: serde_json::json!({ "before": before, "after": after }),
            },
        )
        .await?;
        Ok(())
    }
}

/// A trimmed name of 1 to `max` characters, or a field error.
pub(crate) fn name(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim();
    if let Some(m) = crate::domain::hidden_text(v, crate::domain::Joiners::Allowed, false) {
        errors.push(FieldError::new(field, m));
    } else if crate::domain::is_blank(v) || v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("This field needs 1 to {max} characters."),
        ));
    }
    v.to_owned()
}
