//! Which licenses a scope may see, as one SQL condition (DESIGN.md section 1).

use sea_orm::{ColumnTrait, Condition, sea_query::Query};

use crate::{
    entities::{group_membership, license, license_group},
    principal::Scope,
};

/// Vendor: the whole account. Customer with `licenses.view_all` and an organization: the
/// organization's licenses. Anyone else: licenses assigned to them directly plus those linked
/// to one of their groups. Always within the account.
pub(crate) fn visible(scope: &Scope) -> Condition {
    let in_account = Condition::all().add(license::Column::AccountId.eq(scope.account_id()));
    let Some(c) = scope.customer() else {
        return in_account;
    };
    match (c.view_all, c.organization_id) {
        (true, Some(org)) => in_account.add(license::Column::OrganizationId.eq(org)),
        _ => {
            let my_groups = Query::select()
                .column(group_membership::Column::GroupId)
                .from(group_membership::Entity)
                .and_where(group_membership::Column::UserId.eq(c.user_id))
                .take();
            let via_groups = Query::select()
                .column(license_group::Column::LicenseId)
                .from(license_group::Entity)
                .and_where(license_group::Column::GroupId.in_subquery(my_groups))
                .take();
            let mut mine = Condition::any().add(license::Column::OwnerUserId.eq(c.user_id));
            // Groups belong to one organization; a license linked to a group must also be the
            // organization's, so a stray link can never leak another customer's license.
            if let Some(org) = c.organization_id {
                mine = mine.add(
                    Condition::all()
                        .add(license::Column::OrganizationId.eq(org))
                        .add(license::Column::Id.in_subquery(via_groups)),
                );
            }
            in_account.add(mine)
        }
    }
}
