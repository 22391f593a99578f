//! The main pages of each audience, signed in as who would open them.

use crate::helpers::{DEMO_HOST, TestApp};

/// A page to request.
pub struct Page {
    /// Who asks: "visitor", "owner" (Acme's Owner) or "admin" (the vendor admin).
    pub who: String,
    pub path: String,
    /// The session cookie, none for a visitor.
    pub cookie: Option<String>,
}

/// Every main page: the sign-in page, the customer and organization pages as Acme's Owner,
/// and the vendor console as the vendor admin.
pub async fn main_pages(app: &TestApp) -> Vec<Page> {
    let owner = app.login("owner@acme.example").await;
    let admin = app.login("admin@vendor.example").await;
    let (license, _) = app.license_ids(&owner, DEMO_HOST).await.remove(0);
    let group = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use service::entities::user_group;
        user_group::Entity::find()
            .filter(user_group::Column::Name.eq("Engineering"))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the demo's Engineering group")
            .id
    };
    let mut pages = vec![Page {
        who: "visitor".into(),
        path: "/login".into(),
        cookie: None,
    }];
    let customer = [
        "/".to_owned(),
        "/licenses".to_owned(),
        format!("/licenses/{license}"),
        format!("/licenses/{license}/releases"),
        "/releases".to_owned(),
        "/offline/activate".to_owned(),
        "/offline/deactivate".to_owned(),
        "/profile".to_owned(),
        "/notifications".to_owned(),
        "/org/users".to_owned(),
        "/org/groups".to_owned(),
        format!("/org/groups/{group}"),
        "/org/activity".to_owned(),
    ];
    pages.extend(customer.into_iter().map(|path| Page {
        who: "owner".into(),
        path,
        cookie: Some(owner.clone()),
    }));
    let vendor = [
        "/vendor",
        "/vendor/licenses",
        "/vendor/releases",
        "/vendor/products",
        "/vendor/organizations",
        "/vendor/outbox",
        "/vendor/audit",
        "/vendor/settings/portal",
        "/vendor/settings/branding",
        "/vendor/settings/notifications",
        "/vendor/settings/domain",
        "/vendor/view-as",
    ];
    pages.extend(vendor.into_iter().map(|path| Page {
        who: "admin".into(),
        path: path.into(),
        cookie: Some(admin.clone()),
    }));
    pages
}
