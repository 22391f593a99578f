//! `activation_days`: activations made per account and UTC day, kept in the same transaction
//! as each activation (`crate::tallies`).

use sea_orm::entity::prelude::*;

/// One slot's share of an account's activations on one day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activation_days")]
pub struct Model {
    /// Vendor account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// Days since 1970-01-01, UTC.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: i32,
    /// Spreads concurrent writers over rows; only the sum over slots means anything.
    #[sea_orm(primary_key, auto_increment = false)]
    pub slot: i16,
    /// Activations made.
    pub activations: i64,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
