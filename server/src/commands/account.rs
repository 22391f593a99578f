//! `keyport account create`.

use super::{CommandError, open_migrated};
use crate::cli::AccountCommand;

pub async fn run(cmd: AccountCommand) -> Result<(), CommandError> {
    match cmd {
        AccountCommand::Create {
            store,
            name,
            alias,
            custom_domain,
        } => {
            let db = open_migrated(&store).await?;
            let account =
                service::accounts::create_account(&db, &name, &alias, custom_domain.as_deref())
                    .await?;
            println!(
                "Created account {} (alias \"{}\").",
                account.id, account.alias
            );
            Ok(())
        }
    }
}
