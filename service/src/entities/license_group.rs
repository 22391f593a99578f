//! `license_groups`: licenses shared with user groups.

use sea_orm::entity::prelude::*;

/// A link between a license and a group.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "license_groups")]
pub struct Model {
    /// The license.
    #[sea_orm(primary_key, auto_increment = false)]
    pub license_id: Uuid,
    /// The group whose members see the license.
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
