//! Turning license rows into `LicenseRow`s with batched look-ups (no N+1 queries).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use uuid::Uuid;

use super::{GroupRef, LicenseRow, LicenseStatus};
use crate::{
    Db, Result,
    entities::{license, license_group, user_group},
};

/// Adds product names, owners and group names: two queries whatever the page size.
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

    let (names, groups) = names_and_groups(db, product_ids, org_ids, user_ids, ids).await?;

    Ok(found
        .into_iter()
        .map(|l| {
            let owner = l
                .organization_id
                .and_then(|o| names.get(&o).cloned())
                .or_else(|| l.owner_user_id.and_then(|u| names.get(&u).cloned()))
                .unwrap_or_default();
            // `get`, not `remove`: one license may come twice (the dashboard hydrates two lists).
            let linked = groups.get(&l.id).cloned().unwrap_or_default();
            let row = LicenseRow {
                id: l.id,
                status: LicenseStatus::derive(&l.status, l.expires_at, now),
                product_name: names.get(&l.product_id).cloned().unwrap_or_default(),
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

/// The names of these products, organizations and users, and the groups linked to these
/// licenses (each list sorted by name), in one `UNION ALL` statement: each statement is a round
/// trip to SQLite's connection thread, which a busy server pays for in context switches. Ids
/// are UUIDs, unique across tables; a group's row carries the license it is linked to.
async fn names_and_groups(
    db: &Db,
    products: Vec<Uuid>,
    orgs: Vec<Uuid>,
    users: Vec<Uuid>,
    licenses: Vec<Uuid>,
) -> Result<(HashMap<Uuid, String>, HashMap<Uuid, Vec<GroupRef>>)> {
    use sea_orm::{
        FromQueryResult,
        sea_query::{Alias, Expr, ExprTrait, Query, UnionType},
    };
    #[derive(FromQueryResult)]
    struct Name {
        id: Uuid,
        first: String,
        last: String,
        license_id: Option<Uuid>,
    }
    let named = |table: &str, first: &str, last: Option<&str>, ids: Vec<Uuid>| {
        let mut q = Query::select();
        q.expr_as(
            Expr::col((Alias::new(table), Alias::new("id"))),
            Alias::new("id"),
        )
        .expr_as(
            Expr::col((Alias::new(table), Alias::new(first))),
            Alias::new("first"),
        )
        .expr_as(
            match last {
                Some(last) => Expr::col((Alias::new(table), Alias::new(last))),
                None => Expr::val(""),
            },
            Alias::new("last"),
        )
        .expr_as(Expr::val(Option::<Uuid>::None), Alias::new("license_id"))
        .from(Alias::new(table))
        .and_where(Expr::col((Alias::new(table), Alias::new("id"))).is_in(dedup(ids)));
        q
    };
    let (lg, g) = (license_group::Entity, user_group::Entity);
    let mut links = Query::select();
    links
        .expr_as(Expr::col((g, user_group::Column::Id)), Alias::new("id"))
        .expr_as(
            Expr::col((g, user_group::Column::Name)),
            Alias::new("first"),
        )
        .expr_as(Expr::val(""), Alias::new("last"))
        .expr_as(
            Expr::col((lg, license_group::Column::LicenseId)),
            Alias::new("license_id"),
        )
        .from(lg)
        .inner_join(
            g,
            Expr::col((g, user_group::Column::Id)).equals((lg, license_group::Column::GroupId)),
        )
        .and_where(Expr::col((lg, license_group::Column::LicenseId)).is_in(dedup(licenses)));

    let mut q = named("products", "name", None, products);
    if !orgs.is_empty() {
        q.union(UnionType::All, named("organizations", "name", None, orgs));
    }
    if !users.is_empty() {
        q.union(
            UnionType::All,
            named("users", "first_name", Some("last_name"), users),
        );
    }
    q.union(UnionType::All, links);
    let stmt = db.get_database_backend().build(&q);
    let mut names = HashMap::new();
    let mut groups: HashMap<Uuid, Vec<GroupRef>> = HashMap::new();
    for row in Name::find_by_statement(stmt).all(db).await? {
        match row.license_id {
            Some(license) => groups.entry(license).or_default().push(GroupRef {
                id: row.id,
                name: row.first,
            }),
            None => {
                let name = format!("{} {}", row.first, row.last).trim().to_owned();
                names.insert(row.id, name);
            }
        }
    }
    for linked in groups.values_mut() {
        linked.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok((names, groups))
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
