//! The demo's releases: both products, stable and beta, several platforms, small real files,
//! published at dates that make some demo licenses eligible and others not.

use bytes::Bytes;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use crate::{
    Db, Result,
    entities::release,
    releases::{
        publish::{self, NewRelease},
        storage::ReleaseStore,
    },
};

/// (product, version, channel, platform, arch, published this many days ago, notes).
const RELEASES: [(&str, &str, &str, &str, &str, i64, &str); 8] = [
    (
        "Northwind Studio",
        "2.3.0",
        "stable",
        "windows",
        "x86_64",
        400,
        "- Project templates\n- Faster start-up",
    ),
    (
        "Northwind Studio",
        "2.3.0",
        "stable",
        "linux",
        "x86_64",
        400,
        "- Project templates\n- Faster start-up",
    ),
    (
        "Northwind Studio",
        "2.4.1",
        "stable",
        "windows",
        "x86_64",
        1,
        "## Fixed\n\n- Saving to network drives\n- **Crash** on exit",
    ),
    (
        "Northwind Studio",
        "2.4.1",
        "stable",
        "linux",
        "x86_64",
        1,
        "## Fixed\n\n- Saving to network drives\n- **Crash** on exit",
    ),
    (
        "Northwind Studio",
        "2.5.0-beta.1",
        "beta",
        "linux",
        "x86_64",
        0,
        "A preview of the **new timeline**. Not for production.",
    ),
    (
        "Northwind Render",
        "1.8.0",
        "stable",
        "macos",
        "aarch64",
        300,
        "- Apple silicon build",
    ),
    (
        "Northwind Render",
        "1.9.0",
        "stable",
        "macos",
        "aarch64",
        1,
        "- GPU denoiser\n- [Changelog](https://example.com/render/1.9.0)",
    ),
    (
        "Northwind Render",
        "1.9.0",
        "stable",
        "windows",
        "x86_64",
        1,
        "- GPU denoiser\n- [Changelog](https://example.com/render/1.9.0)",
    ),
];

/// Publishes the demo releases into `store`.
pub async fn seed_releases(db: &Db, store: &ReleaseStore, account_id: Uuid) -> Result<()> {
    for (product, version, channel, platform, arch, days_ago, notes) in RELEASES {
        let draft = publish::create_draft(
            db,
            account_id,
            NewRelease {
                product: product.into(),
                version: version.into(),
                channel: channel.into(),
                platform: platform.into(),
                arch: arch.into(),
                notes: notes.into(),
            },
        )
        .await?;
        let slug = product.to_lowercase().replace(' ', "-");
        let name = format!("{slug}-{version}-{platform}-{arch}.txt");
        let text = format!("{product} {version} ({channel}) for {platform} {arch}.\n").repeat(64);
        let body = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(text))]);
        publish::add_file(db, store, account_id, draft.id, &name, body, 1 << 20).await?;
        publish::publish(db, account_id, draft.id).await?;
        release::Entity::update_many()
            .col_expr(
                release::Column::PublishedAt,
                Expr::value(Some(
                    Utc::now() - Duration::days(days_ago) - Duration::hours(1),
                )),
            )
            .filter(release::Column::Id.eq(draft.id))
            .exec(db)
            .await?;
    }
    Ok(())
}
