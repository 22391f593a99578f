//! `license_tallies`: partial sums of licenses per scope (account or organization), stored
//! status and expiry stage, kept in the same transaction as each change (`crate::tallies`).

use sea_orm::entity::prelude::*;

/// One slot's share of a scope's licenses with one status and stage.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "license_tallies")]
pub struct Model {
    /// The account's or the organization's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope_id: Uuid,
    /// Vendor account.
    pub account_id: Uuid,
    /// Stored status.
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: String,
    /// Expiry stage (0 none or far, 1 within 30 days, 2 expired).
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: i16,
    /// Spreads concurrent writers over rows; only the sum over slots means anything.
    #[sea_orm(primary_key, auto_increment = false)]
    pub slot: i16,
    /// Licenses.
    pub licenses: i64,
    /// Their current activations.
    pub seats_used: i64,
    /// Their seat limits (unlimited ones count 0).
    pub seats_allowed: i64,
    /// Licenses with unlimited seats.
    pub unlimited: i64,
}

/// No declared relations (see the module doc of `entities`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
