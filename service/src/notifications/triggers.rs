//! The changes that notify customers, each called inside the change's own transaction:
//! a license suspended or revoked, its last seat taken, a release published.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{Event, Note, license_audience, notify};
use crate::{
    Result,
    domain::{LicenseKey, Semver},
    entities::{license, product, release},
    licenses::LicenseStatus,
    releases::{LicenseTerms, ReleaseFacts, ReleaseStatus, eligibility},
};

async fn product_name<C: ConnectionTrait>(conn: &C, lic: &license::Model) -> Result<String> {
    Ok(product::Entity::find_by_id(lic.product_id)
        .one(conn)
        .await?
        .map(|p| p.name)
        .unwrap_or_default())
}

/// A license's stored status changed (vendor console): suspended and revoked notify.
pub(crate) async fn status_changed<C: ConnectionTrait>(
    conn: &C,
    lic: &license::Model,
    to: LicenseStatus,
) -> Result<()> {
    let (title, verb) = match to {
        LicenseStatus::Suspended => ("License suspended", "suspended"),
        LicenseStatus::Revoked => ("License revoked", "revoked"),
        LicenseStatus::Active | LicenseStatus::Expired => return Ok(()),
    };
    let product = product_name(conn, lic).await?;
    let note = Note {
        title: format!("{title}: {product}"),
        body: format!(
            "Your {product} license {} was {verb} by the vendor. Its machines can no longer \
             activate or download releases.",
            LicenseKey::redact(&lic.key)
        ),
        link: Some(format!("/licenses/{}", lic.id)),
    };
    let users = license_audience(conn, lic).await?;
    notify(
        conn,
        lic.account_id,
        Event::LicenseExpiredOrSuspended,
        &users,
        &note,
        None,
    )
    .await?;
    Ok(())
}

/// A machine took the last seat of a license (`activations` now equals the limit).
pub(crate) async fn seats_full<C: ConnectionTrait>(
    conn: &C,
    lic: &license::Model,
    allowed: i64,
) -> Result<()> {
    let product = product_name(conn, lic).await?;
    let note = Note {
        title: format!("Activation limit reached: {product}"),
        body: format!(
            "All {allowed} activations of your {product} license {} are in use; the next \
             machine will be refused until one is deactivated.",
            LicenseKey::redact(&lic.key)
        ),
        link: Some(format!("/licenses/{}", lic.id)),
    };
    let users = license_audience(conn, lic).await?;
    notify(
        conn,
        lic.account_id,
        Event::ActivationLimitReached,
        &users,
        &note,
        None,
    )
    .await?;
    Ok(())
}

/// A release was published: the people of every license of its product that may download
/// it are told once each (a person with several such licenses gets one notification).
pub(crate) async fn release_published<C: ConnectionTrait>(
    conn: &C,
    rel: &release::Model,
) -> Result<()> {
    let Ok(version) = Semver::parse(&rel.version) else {
        return Ok(());
    };
    let facts = ReleaseFacts {
        version,
        channel: rel.channel.clone(),
        status: ReleaseStatus::Published,
        published_at: Some(chrono::Utc::now()),
    };
    let licenses = license::Entity::find()
        .filter(license::Column::AccountId.eq(rel.account_id))
        .filter(license::Column::ProductId.eq(rel.product_id))
        .filter(license::Column::Status.eq(LicenseStatus::Active.as_str()))
        .all(conn)
        .await?;
    let mut users = Vec::new();
    for lic in licenses
        .iter()
        .filter(|l| eligibility(&LicenseTerms::of(l), &facts).is_eligible())
    {
        users.extend(license_audience(conn, lic).await?);
    }
    users.sort_unstable();
    users.dedup();
    let product = product::Entity::find_by_id(rel.product_id)
        .one(conn)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let note = Note {
        title: format!("New release: {product} {}", rel.version),
        body: format!(
            "{product} {} ({}, {} {}) is out, and your license may download it.",
            rel.version, rel.channel, rel.platform, rel.arch
        ),
        link: Some("/releases".to_owned()),
    };
    notify(
        conn,
        rel.account_id,
        Event::NewEligibleRelease,
        &users,
        &note,
        None,
    )
    .await?;
    Ok(())
}

/// Someone invited a user to an organization: its other Owners hear of it. (The invitation
/// email to the invitee is not a preference: it always goes, see `org_admin::invitations`.)
pub(crate) async fn user_invited<C: ConnectionTrait>(
    conn: &C,
    account_id: uuid::Uuid,
    organization_id: uuid::Uuid,
    inviter: uuid::Uuid,
    invitee: &str,
    role: &str,
) -> Result<()> {
    use crate::{entities::user, permissions::CustomerRole};
    use sea_orm::QuerySelect;
    let owners: Vec<uuid::Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::AccountId.eq(account_id))
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::CustomerRole.eq(CustomerRole::Owner.as_str()))
        .filter(user::Column::Id.ne(inviter))
        .into_tuple()
        .all(conn)
        .await?;
    let note = Note {
        title: format!("User invited: {invitee}"),
        body: format!("{invitee} was invited to your organization as {role}."),
        link: Some("/org/users".to_owned()),
    };
    notify(conn, account_id, Event::UserInvited, &owners, &note, None).await?;
    Ok(())
}
