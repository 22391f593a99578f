//! `keyport seed-scale`: the demo's Acme Corp at a real vendor's size (`bench/portal.sh`).

use super::{CommandError, account_named, open_migrated};
use crate::cli::SeedScaleArgs;
use service::{Passwords, demo};

pub async fn run(args: SeedScaleArgs) -> Result<(), CommandError> {
    let db = open_migrated(&args.store).await?;
    let account = account_named(&db, "demo").await?;
    let started = std::time::Instant::now();
    let spec = demo::ScaleSpec {
        licenses: args.licenses,
        activations: args.activations,
        machines_on_one: args.machines_on_one,
        users: args.users,
    };
    let made = demo::seed_scale(&db, &Passwords::new(1), account.id, spec).await?;
    println!(
        "{}",
        serde_json::json!({
            "organization_id": made.organization_id,
            "big_license_id": made.big_license_id,
            "deep_cursor": made.deep_cursor,
            "licenses_in_organization": made.licenses,
            "activations": made.activations,
            "users": made.users,
            "seconds": started.elapsed().as_secs(),
        })
    );
    Ok(())
}
