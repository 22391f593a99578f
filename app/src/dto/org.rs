//! What organization admins see: users, groups, activity; and the vendor's outbox.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user of the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgUser {
    /// User id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Role id (`owner`, ...).
    pub role: String,
    /// "Owner", ...
    pub role_label: String,
    /// `active`, `invited` or `disabled`.
    pub status: String,
    /// Group names.
    pub groups: Vec<String>,
    /// Last sign-in.
    pub last_login_at: Option<Timestamp>,
}

impl OrgUser {
    /// "First Last".
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// The users page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersPage {
    /// One page of the matching users, by email.
    pub users: Vec<OrgUser>,
    /// Cursor of the next page.
    pub next: Option<Uuid>,
    /// Users counting against the cap.
    pub used: i64,
    /// The cap, None for unlimited.
    pub cap: Option<i64>,
    /// Primary contact.
    pub primary_contact_id: Option<Uuid>,
    /// Secondary contact.
    pub secondary_contact_id: Option<Uuid>,
    /// Roles the admin may grant: (id, label).
    pub roles: Vec<(String, String)>,
    /// Active Owners, who may be contacts: (id, name).
    pub owners: Vec<(Uuid, String)>,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Group id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// How many members.
    pub member_count: i64,
    /// How many linked licenses.
    pub license_count: i64,
    /// One page of members (oldest user first).
    pub members: Vec<Person>,
    /// Cursor of the next page of members.
    pub members_next: Option<Uuid>,
    /// One page of linked licenses (newest first).
    pub licenses: Vec<LicenseChoice>,
    /// Cursor of the next page of licenses.
    pub licenses_next: Option<Uuid>,
}

/// A person in the groups page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// User id.
    pub id: Uuid,
    /// "First Last".
    pub name: String,
    /// Email.
    pub email: String,
}

/// A license in the link forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseChoice {
    /// License id.
    pub id: Uuid,
    /// "Product ·····ABCDE".
    pub label: String,
}

/// The groups page, or one group's page (then `groups` holds that group alone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupsPage {
    /// One page of groups by name, each with its first members and licenses.
    pub groups: Vec<Group>,
    /// Cursor of the next page of groups.
    pub next: Option<Uuid>,
    /// People matching the people search (at most 20), to add to a group.
    pub people: Vec<Person>,
    /// Licenses matching the license search (at most 20; empty without
    /// `groups.assign_licenses`), to link to a group.
    pub licenses: Vec<LicenseChoice>,
    /// Products to narrow the license search to.
    pub products: Vec<crate::dto::Named>,
    /// May create, rename, delete groups and move members.
    pub can_manage: bool,
    /// May link groups to licenses.
    pub can_assign: bool,
}

/// One audit event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// Event id.
    pub id: Uuid,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor_email: String,
    /// What (`user.invite`, ...).
    pub action: String,
    /// Kind of target.
    pub target_type: String,
    /// Target id.
    pub target_id: String,
    /// `success` or `failure`.
    pub outcome: String,
    /// Before/after JSON.
    pub details: String,
}

/// One page of activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    /// Newest first.
    pub rows: Vec<ActivityRow>,
    /// Cursor of the next page.
    pub next: Option<Uuid>,
}

/// A queued or sent email (vendor staff only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Message id.
    pub id: Uuid,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// `pending` or `sent`.
    pub status: String,
    /// Attempts.
    pub attempts: i32,
    /// When it was queued.
    pub created_at: Timestamp,
}

/// A valid invitation, for the acceptance page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    /// The invitee's email.
    pub email: String,
    /// Their given name.
    pub first_name: String,
}
