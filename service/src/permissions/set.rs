//! A set of permissions as a small bitset (carried inside a `Principal`).

use super::{CustomerRole, Permission};

/// A set of [`Permission`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PermissionSet(u32);

impl PermissionSet {
    /// No permission.
    pub const EMPTY: PermissionSet = PermissionSet(0);

    /// Every permission.
    pub fn all() -> Self {
        Permission::ALL.into_iter().collect()
    }

    /// What `role` grants in the default matrix of DESIGN.md.
    pub fn defaults_for(role: CustomerRole) -> Self {
        Permission::ALL
            .into_iter()
            .filter(|p| role.default_grants(*p))
            .collect()
    }

    fn bit(p: Permission) -> u32 {
        let i = Permission::ALL
            .iter()
            .position(|q| *q == p)
            .unwrap_or_default();
        1 << i
    }

    /// Whether the set has no member.
    pub fn is_empty_set(self) -> bool {
        self.0 == 0
    }

    /// Whether `p` is in the set.
    pub fn contains(self, p: Permission) -> bool {
        self.0 & Self::bit(p) != 0
    }

    /// Adds or removes `p`.
    pub fn set(&mut self, p: Permission, on: bool) {
        if on {
            self.0 |= Self::bit(p);
        } else {
            self.0 &= !Self::bit(p);
        }
    }

    /// The permissions in both sets.
    pub fn intersect(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// The permissions of `self` not in `other`.
    pub fn minus(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }

    /// The members, in the order of [`Permission::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }

    /// The stable ids of the members.
    pub fn ids(self) -> Vec<&'static str> {
        self.iter().map(Permission::id).collect()
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut s = Self::EMPTY;
        for p in iter {
            s.set(p, true);
        }
        s
    }
}
