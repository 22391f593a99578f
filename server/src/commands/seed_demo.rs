//! `keyport seed-demo`: the demo vendor, its customers and licenses.

use super::{CommandError, open_migrated};
use crate::{cli::SeedArgs, master_key};
use service::{Passwords, demo};

pub async fn run(args: SeedArgs) -> Result<(), CommandError> {
    let store = args.store;
    let db = open_migrated(&store).await?;
    let key = master_key::load_or_generate_demo(&store.data_dir)?;
    let summary = demo::seed(&db, &Passwords::new(2), &key).await?;
    if summary.created {
        let files = super::release::open_store(&args.storage, &store.data_dir)?;
        demo::seed_releases(&db, &files, summary.account.id).await?;
        println!("Created the demo account \"{}\".", summary.account.name);
    } else {
        println!(
            "The demo account \"{}\" already exists.",
            summary.account.name
        );
    }
    println!("Demo sign-ins (password \"{}\"):", demo::DEMO_PASSWORD);
    for login in &summary.logins {
        println!("  {:<26} {}", login.email, login.role);
    }
    Ok(())
}
