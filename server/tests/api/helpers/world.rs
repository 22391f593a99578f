//! Building what tests need beyond the demo data, and reading what a user can see.

use super::{PASSWORD, TestApp};
use axum::http::StatusCode;
use service::{Passwords, demo};

impl TestApp {
    /// The demo account's id.
    pub async fn demo_account_id(&self) -> uuid::Uuid {
        service::accounts::find_account(&self.db, demo::DEMO_ACCOUNT_ALIAS)
            .await
            .expect("query")
            .expect("demo account")
            .id
    }

    /// Another vendor account `alias` (`service::testing::other_vendor`: an organization whose
    /// Owner is `owner@{alias}.example`) with a vendor admin `admin@{alias}.example`; returns
    /// the admin's session cookie on `{alias}.keyport.test`.
    pub async fn other_vendor_admin(&self, alias: &str) -> String {
        let owner = format!("owner@{alias}.example");
        service::testing::other_vendor(&self.db, alias, &owner, PASSWORD).await;
        let account = service::accounts::find_account(&self.db, alias)
            .await
            .expect("query")
            .expect("the account");
        let admin = format!("admin@{alias}.example");
        service::accounts::create_user(
            &self.db,
            &Passwords::new(1),
            account.id,
            service::accounts::NewUser {
                email: admin.clone(),
                first_name: "Other".into(),
                last_name: "Admin".into(),
                password: PASSWORD.into(),
                kind: service::accounts::NewUserKind::Staff(service::permissions::StaffRole::Admin),
            },
        )
        .await
        .expect("the admin");
        self.login_on(&format!("{alias}.keyport.test"), &admin, PASSWORD)
            .await
    }

    /// Every license id (and key) the holder of `cookie` can list, following every page.
    pub async fn license_ids(&self, cookie: &str, host: &str) -> Vec<(String, String)> {
        let mut out = vec![];
        let mut after = String::new();
        loop {
            let res = self
                .rpc(
                    "/rpc/list_licenses",
                    &[("after", &after)],
                    Some(cookie),
                    host,
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            let page = res.json();
            for row in page["rows"].as_array().expect("rows") {
                out.push((
                    row["id"].as_str().expect("id").to_owned(),
                    row["key"].as_str().expect("key").to_owned(),
                ));
            }
            match page["next"].as_str() {
                Some(next) => after = next.to_owned(),
                None => return out,
            }
        }
    }
}
