//! `users`: vendor staff and customer users in one table.
//!
//! One table because an account has one login page, and an email must name exactly one person
//! in the account: a unique index on (account_id, email) holds that, two tables could not.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// `kind` of a staff user.
pub const KIND_STAFF: &str = "staff";
/// `kind` of a customer user.
pub const KIND_CUSTOMER: &str = "customer";
/// `status` of a user who may sign in.
pub const STATUS_ACTIVE: &str = "active";
/// `status` of a user who may not sign in.
pub const STATUS_DISABLED: &str = "disabled";
/// `status` of an invited user who has not set a password yet (may not sign in).
pub const STATUS_INVITED: &str = "invited";

/// A person who can sign in to an account.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// User id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// `staff` or `customer`.
    pub kind: String,
    /// `vendor-admin` or `vendor-support` for staff.
    pub staff_role: Option<String>,
    /// Customer role id (`owner`, `member`, ...) for customers.
    pub customer_role: Option<String>,
    /// Organization of a customer; None for staff and individual customers.
    pub organization_id: Option<Uuid>,
    /// Lower-case email, unique per account.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Argon2id PHC string (never logged: see the Debug impl).
    pub password_hash: String,
    /// `active`, `invited` or `disabled`.
    pub status: String,
    /// Last successful sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Unread in-portal notifications (the header's badge), kept in the same transaction as
    /// each notification written or read.
    pub unread_notifications: i64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Model {
    /// "First Last", trimmed.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

// Hand-written so the password hash never reaches a log line.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("kind", &self.kind)
            .field("staff_role", &self.staff_role)
            .field("customer_role", &self.customer_role)
            .field("organization_id", &self.organization_id)
            .field("status", &self.status)
            .field("password_hash", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
