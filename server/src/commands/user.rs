//! `keyport user create`.

use super::{CommandError, open_migrated};
use crate::cli::{UserCommand, UserRole};
use service::{
    Passwords,
    accounts::{NewUser, NewUserKind},
    permissions::{CustomerRole, StaffRole},
};

pub async fn run(cmd: UserCommand) -> Result<(), CommandError> {
    match cmd {
        UserCommand::Create {
            store,
            account,
            email,
            first_name,
            last_name,
            role,
            organization,
            password,
        } => {
            let db = open_migrated(&store).await?;
            let account = service::accounts::find_account(&db, &account)
                .await?
                .ok_or_else(|| {
                    CommandError::Config(format!("There is no account \"{account}\"."))
                })?;
            let customer = |role| NewUserKind::Customer {
                role,
                organization_id: organization,
            };
            let kind = match role {
                UserRole::VendorAdmin => NewUserKind::Staff(StaffRole::Admin),
                UserRole::VendorSupport => NewUserKind::Staff(StaffRole::Support),
                UserRole::Owner => customer(CustomerRole::Owner),
                UserRole::Accountant => customer(CustomerRole::Accountant),
                UserRole::OperationsManager => customer(CustomerRole::OperationsManager),
                UserRole::Member => customer(CustomerRole::Member),
                UserRole::Viewer => customer(CustomerRole::Viewer),
            };
            service::passwords::check_new_password(&password).map_err(CommandError::Config)?;
            let user = NewUser {
                email,
                first_name,
                last_name,
                password: password.into(),
                kind,
            };
            let id =
                service::accounts::create_user(&db, &Passwords::new(1), account.id, user).await?;
            println!("Created user {id}.");
            Ok(())
        }
    }
}
