//! Turning license rows into `LicenseRow`s with batched look-ups (no N+1 queries).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{GroupRef, LicenseRow, LicenseStatus};
use crate::{
    Db, Result,
    entities::{license, license_group, organization, product, user, user_group},
};

/// Adds product names, owners and group names: four queries whatever the page size.
pub(crate) async fn hydrate(
    db: &Db,
    found: Vec<license::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<LicenseRow>> {
    Ok(hydrate_with_groups(db, found, now)
        .await?
        .into_iter()
        .map(|(row, _)| row)
        .collect())
}

/// [`hydrate`], keeping each row's linked groups with their ids (the license page links to
/// them).
pub(super) async fn hydrate_with_groups(
    db: &Db,
    found: Vec<license::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<(LicenseRow, Vec<GroupRef>)>> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = found.iter().map(|l| l.id).collect();
    let product_ids: Vec<Uuid> = found.iter().map(|l| l.product_id).collect();
    let org_ids: Vec<Uuid> = found.iter().filter_map(|l| l.organization_id).collect();
    let user_ids: Vec<Uuid> = found.iter().filter_map(|l| l.owner_user_id).collect();

    let products: HashMap<Uuid, String> = product::Entity::find()
        .filter(product::Column::Id.is_in(dedup(product_ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let orgs: HashMap<Uuid, String> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organization::Entity::find()
            .filter(organization::Column::Id.is_in(dedup(org_ids)))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    let users: HashMap<Uuid, String> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(dedup(user_ids)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.full_name()))
            .collect()
    };
    let groups = groups_of(db, &dedup(ids)).await?;

    Ok(found
        .into_iter()
        .map(|l| {
            let owner = l
                .organization_id
                .and_then(|o| orgs.get(&o).cloned())
                .or_else(|| l.owner_user_id.and_then(|u| users.get(&u).cloned()))
                .unwrap_or_default();
            // `get`, not `remove`: one license may come twice (the dashboard hydrates two lists).
            let linked = groups.get(&l.id).cloned().unwrap_or_default();
            let row = LicenseRow {
                id: l.id,
                status: LicenseStatus::derive(&l.status, l.expires_at, now),
                product_name: products.get(&l.product_id).cloned().unwrap_or_default(),
                groups: linked.iter().map(|g| g.name.clone()).collect(),
                key: l.key,
                product_id: l.product_id,
                expires_at: l.expires_at,
                maintenance_expires_at: l.maintenance_expires_at,
                activations: l.activations_count,
                allowed_activations: l.allowed_activations,
                owner,
            };
            (row, linked)
        })
        .collect())
}

/// Linked groups per license, each list sorted by name.
async fn groups_of(db: &Db, license_ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<GroupRef>>> {
    let links = license_group::Entity::find()
        .filter(license_group::Column::LicenseId.is_in(license_ids.to_vec()))
        .all(db)
        .await?;
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let names: HashMap<Uuid, String> = user_group::Entity::find()
        .filter(user_group::Column::Id.is_in(dedup(links.iter().map(|l| l.group_id).collect())))
        .order_by_asc(user_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let mut out: HashMap<Uuid, Vec<GroupRef>> = HashMap::new();
    for link in links {
        if let Some(name) = names.get(&link.group_id) {
            out.entry(link.license_id).or_default().push(GroupRef {
                id: link.group_id,
                name: name.clone(),
            });
        }
    }
    for groups in out.values_mut() {
        groups.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(out)
}

/// Metadata JSON object as sorted (key, value) pairs; non-string values are shown as JSON.
pub(crate) fn metadata_pairs(json: &str) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, String)> = map
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect();
    pairs.sort();
    pairs
}

fn dedup(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::metadata_pairs;

    #[test]
    fn metadata_becomes_sorted_pairs() {
        assert_eq!(
            metadata_pairs(r#"{"seats":"10","edition":"Pro","n":3}"#),
            vec![
                ("edition".into(), "Pro".into()),
                ("n".into(), "3".into()),
                ("seats".into(), "10".into())
            ]
        );
        assert!(metadata_pairs("not json").is_empty());
        assert!(metadata_pairs("[1]").is_empty());
    }
}
