//! `keyport tallies check` and `keyport tallies rebuild`.

use super::{CommandError, open_migrated};
use crate::cli::TalliesCommand;

pub async fn run(cmd: TalliesCommand) -> Result<(), CommandError> {
    match cmd {
        TalliesCommand::Check(store) => {
            let db = open_migrated(&store).await?;
            let mismatches = service::tallies::recount(&db, chrono::Utc::now()).await?;
            let unread = service::notifications::inbox::recount_unread(&db, false).await?;
            println!(
                "{}",
                serde_json::json!({ "mismatches": mismatches, "unread_notifications": unread })
            );
            if mismatches.is_empty() && unread.is_empty() {
                Ok(())
            } else {
                Err(CommandError::Check(format!(
                    "{} dashboard counter(s) and {} unread-notification counter(s) differ from \
                     a recount; `keyport tallies rebuild` makes them again.",
                    mismatches.len(),
                    unread.len()
                )))
            }
        }
        TalliesCommand::Rebuild(store) => {
            let db = open_migrated(&store).await?;
            service::tallies::rebuild(&db, chrono::Utc::now()).await?;
            service::notifications::inbox::recount_unread(&db, true).await?;
            println!("{}", serde_json::json!({ "rebuilt": true }));
            Ok(())
        }
    }
}
