//! Creating users (staff and customers).

use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait};
use secrecy::{ExposeSecret, SecretString};
use tracing::{info, instrument};
use uuid::Uuid;

use crate::{
    Db, FieldError, Result, ServiceError,
    domain::Email,
    entities::{organization, user},
    error::ResultExt,
    passwords::{Passwords, check_new_password},
    permissions::{CustomerRole, StaffRole},
};

/// A user to create.
#[derive(Debug)]
pub struct NewUser {
    /// Email (unique in the account).
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Initial password (checked like any new password).
    pub password: SecretString,
    /// Staff or customer, with the role.
    pub kind: NewUserKind,
}

/// What kind of user to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewUserKind {
    /// Vendor staff.
    Staff(StaffRole),
    /// A customer, in an organization or individual.
    Customer {
        /// Role.
        role: CustomerRole,
        /// Organization, None for an individual customer.
        organization_id: Option<Uuid>,
    },
}

/// Creates a user; `Conflict{email}` when the email is taken in the account.
#[instrument(skip_all, fields(account.id = %account_id))]
pub async fn create_user(db: &Db, pw: &Passwords, account_id: Uuid, new: NewUser) -> Result<Uuid> {
    let mut errors = Vec::new();
    let email = Email::parse(&new.email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    for (field, value) in [
        ("first_name", &new.first_name),
        ("last_name", &new.last_name),
    ] {
        if let Some(m) =
            crate::domain::hidden_text(value.trim(), crate::domain::Joiners::Allowed, false)
        {
            errors.push(FieldError::new(field, m));
        } else if crate::domain::is_blank(value) || value.trim().chars().count() > 100 {
            errors.push(FieldError::new(
                field,
                "This field needs 1 to 100 characters.",
            ));
        }
    }
    if let Err(m) = check_new_password(new.password.expose_secret()) {
        errors.push(FieldError::new("password", m));
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Invalid(errors));
    };
    let (kind, staff_role, customer_role, organization_id) = match new.kind {
        NewUserKind::Staff(role) => (user::KIND_STAFF, Some(role.as_str()), None, None),
        NewUserKind::Customer {
            role,
            organization_id,
        } => {
            if let Some(org) = organization_id {
                let found = organization::Entity::find_by_id(org).one(db).await?;
                if found.is_none_or(|o| o.account_id != account_id) {
                    return Err(ServiceError::invalid(
                        "organization_id",
                        "No such organization.",
                    ));
                }
            }
            (
                user::KIND_CUSTOMER,
                None,
                Some(role.as_str()),
                organization_id,
            )
        }
    };
    let hash = pw.hash(&new.password).await?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    user::Entity::insert(user::ActiveModel {
        id: Set(id),
        account_id: Set(account_id),
        kind: Set(kind.to_owned()),
        staff_role: Set(staff_role.map(str::to_owned)),
        customer_role: Set(customer_role.map(str::to_owned)),
        organization_id: Set(organization_id),
        email: Set(email.as_str().to_owned()),
        first_name: Set(new.first_name.trim().to_owned()),
        last_name: Set(new.last_name.trim().to_owned()),
        password_hash: Set(hash.as_phc().to_owned()),
        status: Set(user::STATUS_ACTIVE.to_owned()),
        last_login_at: Set(None),
        created_at: Set(now),
        unread_notifications: Set(0),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await
    .on_unique("email", "This email is already in use.")?;
    info!(user.id = %id, user.kind = kind, "User created.");
    Ok(id)
}

/// Enables or disables a user of the account; disabling also ends their sessions.
#[instrument(skip_all, fields(account.id = %account_id, user.id = %user_id))]
pub async fn set_user_active(db: &Db, account_id: Uuid, user_id: Uuid, active: bool) -> Result<()> {
    use sea_orm::{ColumnTrait, QueryFilter, TransactionTrait, sea_query::Expr};

    use crate::entities::session;

    let status = if active {
        user::STATUS_ACTIVE
    } else {
        user::STATUS_DISABLED
    };
    let tx = db.begin().await?;
    let res = user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(status))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::AccountId.eq(account_id))
        .exec(&tx)
        .await?;
    if res.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    if !active {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
