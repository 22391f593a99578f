//! Portal settings: the permission evaluation table, modes, audit, who may change them.

use secrecy::{ExposeSecret, SecretString};
use service::{
    Db, ServiceError,
    audit::{AuditEntry, Outcome},
    auth::{self, LoginInput},
    permissions::{CustomerRole, Permission, PermissionSet, StaffRole},
    portal::{self, ActionsInput, CatalogInput, Modes},
    principal::Principal,
    testing::{self, TEST_PASSWORD, customer, organization, passwords, staff},
};
use uuid::Uuid;

struct Setup {
    db: Db,
    account: Uuid,
    admin: Principal,
    support: Principal,
    /// One signed-in customer per role, in the order of `CustomerRole::ALL`, with its token.
    tokens: Vec<(CustomerRole, String)>,
}

async fn setup() -> Setup {
    let db = testing::test_db().await;
    let pw = passwords();
    let a = testing::account(&db, "portal").await.id;
    let org = organization(&db, a, "Acme").await;
    let admin = staff(&db, &pw, a, "admin@vendor.test", StaffRole::Admin).await;
    let support = staff(&db, &pw, a, "support@vendor.test", StaffRole::Support).await;
    let mut tokens = Vec::new();
    for role in CustomerRole::ALL {
        let email = format!("{}@acme.test", role.as_str());
        customer(&db, &pw, a, &email, role, Some(org)).await;
        let input = LoginInput {
            email,
            password: SecretString::from(TEST_PASSWORD),
            ip: None,
            user_agent: None,
        };
        let s = auth::login(&db, &pw, a, input, None).await.unwrap();
        tokens.push((role, s.token.expose_secret().to_owned()));
    }
    Setup {
        db,
        account: a,
        admin,
        support,
        tokens,
    }
}

fn all_ids() -> Vec<String> {
    Permission::ALL.iter().map(|p| p.id().to_owned()).collect()
}

async fn principal(s: &Setup, token: &str) -> Principal {
    auth::session(&s.db, s.account, token)
        .await
        .unwrap()
        .expect("signed in")
}

/// Every role x permission x action on/off: effective = action enabled AND role grants it,
/// read through the session (as every request does).
#[tokio::test]
async fn permission_evaluation_table() {
    let s = setup().await;
    for p in Permission::ALL {
        for action_on in [true, false] {
            let enabled: Vec<String> = all_ids()
                .into_iter()
                .filter(|id| action_on || id != p.id())
                .collect();
            let input = ActionsInput {
                enabled,
                visible: all_ids(),
            };
            portal::update_actions(&s.db, &s.admin, input, None)
                .await
                .unwrap();
            for (role, token) in &s.tokens {
                let who = principal(&s, token).await;
                assert_eq!(
                    who.can(p),
                    action_on && role.default_grants(p),
                    "{role:?} {p:?} action_on={action_on}"
                );
            }
        }
    }
    // And the pure rule, for every combination of the sets.
    for role in CustomerRole::ALL {
        for p in Permission::ALL {
            for on in [true, false] {
                let mut allowed = PermissionSet::all();
                allowed.set(p, on);
                let eff = portal::effective(allowed, PermissionSet::defaults_for(role));
                assert_eq!(eff.contains(p), on && role.default_grants(p));
            }
        }
    }
}

#[tokio::test]
async fn matrix_changes_apply_on_the_next_request_and_reset_restores_defaults() {
    let s = setup().await;
    let (_, owner_token) = &s.tokens[0];
    assert!(
        principal(&s, owner_token)
            .await
            .can(Permission::LicensesView)
    );
    let grants: Vec<String> = Permission::ALL
        .iter()
        .filter(|p| **p != Permission::LicensesView)
        .map(|p| format!("owner:{}", p.id()))
        .collect();
    let after = portal::update_matrix(&s.db, &s.admin, &grants, None)
        .await
        .unwrap();
    assert!(
        !after
            .grants(CustomerRole::Owner)
            .contains(Permission::LicensesView)
    );
    assert!(after.grants(CustomerRole::Member).is_empty_set());
    assert!(
        !principal(&s, owner_token)
            .await
            .can(Permission::LicensesView)
    );
    assert!(
        principal(&s, owner_token)
            .await
            .can(Permission::UsersManage)
    );

    // Internal actions are not granted to customers either.
    let input = ActionsInput {
        enabled: all_ids(),
        visible: vec![],
    };
    portal::update_actions(&s.db, &s.admin, input, None)
        .await
        .unwrap();
    assert!(
        !principal(&s, owner_token)
            .await
            .can(Permission::UsersManage)
    );

    let reset = portal::reset_matrix(&s.db, &s.admin, None).await.unwrap();
    assert_eq!(reset.matrix, portal::default_matrix());
}

#[tokio::test]
async fn bad_ids_are_refused_and_nothing_changes() {
    let s = setup().await;
    let before = portal::view(&s.db, &s.admin).await.unwrap();
    let err = portal::update_matrix(&s.db, &s.admin, &["owner:licenses.delete".into()], None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::Invalid(ref e) if e[0].message.contains("licenses.delete"))
    );
    let err = portal::update_matrix(&s.db, &s.admin, &["boss:licenses.view".into()], None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Invalid(_)));
    let input = ActionsInput {
        enabled: vec!["nope".into()],
        visible: vec![],
    };
    assert!(matches!(
        portal::update_actions(&s.db, &s.admin, input, None).await,
        Err(ServiceError::Invalid(_))
    ));
    assert_eq!(portal::view(&s.db, &s.admin).await.unwrap(), before);
}

#[tokio::test]
async fn only_vendor_admins_change_settings_support_reads_customers_neither() {
    let s = setup().await;
    let owner = principal(&s, &s.tokens[0].1).await;
    assert!(portal::view(&s.db, &s.support).await.is_ok());
    assert!(matches!(
        portal::view(&s.db, &owner).await,
        Err(ServiceError::Forbidden)
    ));
    for who in [&s.support, &owner] {
        let catalog = CatalogInput {
            products_visible_by_default: false,
        };
        assert!(matches!(
            portal::update_catalog(&s.db, who, catalog, None).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            portal::update_modes(&s.db, who, Modes::default(), None).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            portal::reset_matrix(&s.db, who, None).await,
            Err(ServiceError::Forbidden)
        ));
    }
    // Another vendor's admin changes their own account, never this one.
    let other = testing::account(&s.db, "other").await.id;
    let other_admin = staff(&s.db, &passwords(), other, "a@other.test", StaffRole::Admin).await;
    let modes = Modes {
        portal_enabled: false,
        ..Modes::default()
    };
    portal::update_modes(&s.db, &other_admin, modes, None)
        .await
        .unwrap();
    assert!(
        portal::settings(&s.db, s.account)
            .await
            .unwrap()
            .modes
            .portal_enabled
    );
}

#[tokio::test]
async fn modes_take_effect_at_once_for_customers_not_staff() {
    let s = setup().await;
    let pw = passwords();
    let login = |email: &str| LoginInput {
        email: email.into(),
        password: SecretString::from(TEST_PASSWORD),
        ip: None,
        user_agent: None,
    };
    let off = Modes {
        logged_in_portal_enabled: false,
        ..Modes::default()
    };
    portal::update_modes(&s.db, &s.admin, off, None)
        .await
        .unwrap();
    assert_eq!(
        auth::session(&s.db, s.account, &s.tokens[0].1)
            .await
            .unwrap(),
        None
    );
    let err = auth::login(&s.db, &pw, s.account, login("owner@acme.test"), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::Invalid(ref e) if e[0].message == auth::CUSTOMER_SIGN_IN_OFF)
    );
    assert!(
        auth::login(&s.db, &pw, s.account, login("admin@vendor.test"), None)
            .await
            .is_ok()
    );

    let off = Modes {
        portal_enabled: false,
        ..Modes::default()
    };
    portal::update_modes(&s.db, &s.admin, off, None)
        .await
        .unwrap();
    let err = auth::login(&s.db, &pw, s.account, login("member@acme.test"), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::Invalid(ref e) if e[0].message == auth::PORTAL_UNAVAILABLE)
    );
    assert!(
        auth::login(&s.db, &pw, s.account, login("support@vendor.test"), None)
            .await
            .is_ok()
    );

    portal::update_modes(&s.db, &s.admin, Modes::default(), None)
        .await
        .unwrap();
    assert!(
        auth::session(&s.db, s.account, &s.tokens[0].1)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn changes_are_audited_with_before_and_after_and_customer_audit_can_be_off() {
    let s = setup().await;
    let catalog = CatalogInput {
        products_visible_by_default: false,
    };
    portal::update_catalog(&s.db, &s.admin, catalog, Some("203.0.113.9"))
        .await
        .unwrap();
    let scope = service::Scope::of(&s.admin);
    let (rows, _) = service::audit::list(&s.db, &scope, None, 10).await.unwrap();
    let event = rows
        .iter()
        .find(|r| r.action == "settings.portal.update")
        .expect("audited");
    assert_eq!(event.actor_email, "admin@vendor.test");
    let details: serde_json::Value = serde_json::from_str(&event.details).unwrap();
    assert_eq!(details["before"]["products_visible_by_default"], true);
    assert_eq!(details["after"]["products_visible_by_default"], false);

    let owner = principal(&s, &s.tokens[0].1).await;
    let entry = || AuditEntry {
        account_id: s.account,
        actor_user_id: Some(owner.user_id()),
        actor_email: owner.email(),
        organization_id: owner.organization_id(),
        action: "machine.deactivate",
        target_type: "activation",
        target_id: "x".into(),
        outcome: Outcome::Success,
        ip: None,
        details: serde_json::json!({}),
    };
    assert!(
        portal::record_customer_action(&s.db, entry())
            .await
            .unwrap()
    );
    let off = Modes {
        audit_portal_actions: false,
        ..Modes::default()
    };
    portal::update_modes(&s.db, &s.admin, off, None)
        .await
        .unwrap();
    assert!(
        !portal::record_customer_action(&s.db, entry())
            .await
            .unwrap()
    );
    let (rows, _) = service::audit::list(&s.db, &scope, None, 100)
        .await
        .unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.action == "machine.deactivate")
            .count(),
        1
    );
    // Staff setting changes are still recorded with audit off.
    assert_eq!(
        rows.iter()
            .filter(|r| r.action == "settings.portal.update")
            .count(),
        2
    );
}

#[test]
fn summaries_read_as_sentences() {
    let viewer = portal::summary(PermissionSet::defaults_for(CustomerRole::Viewer));
    assert!(
        viewer.starts_with("Can see their own licenses."),
        "{viewer}"
    );
    assert!(viewer.contains("Cannot "), "{viewer}");
    let owner = portal::summary(PermissionSet::all());
    assert!(owner.contains("see every license of the organization"));
    assert!(!owner.contains("Cannot"), "{owner}");
    assert_eq!(portal::summary(PermissionSet::EMPTY).lines().count(), 1);
}

/// Two servers on one database, each with its own in-memory copy of the settings and
/// branding: a change made through either is what both serve at their next request (no time
/// to live, no restart), for signed-in requests (the version comes with the session) and
/// signed-out ones (the sign-in page reads the version alone).
#[tokio::test]
async fn every_server_serves_a_settings_or_branding_change_at_its_next_request() {
    use service::{
        branding,
        config_cache::{self, ConfigCache},
    };
    let s = setup().await;
    let (one, two) = (ConfigCache::default(), ConfigCache::default());
    let owner_token = &s.tokens[0].1;
    for cache in [&one, &two] {
        let signed_in = auth::session_cached(&s.db, cache, s.account, owner_token)
            .await
            .unwrap()
            .expect("signed in");
        assert!(signed_in.principal.can(Permission::UsersManage));
        assert_eq!(signed_in.config.branding.published.portal_name, None);
    }
    let before = config_cache::current_version(&s.db, s.account)
        .await
        .unwrap();

    // Another vendor's change leaves this account's copies current.
    let other = testing::account(&s.db, "other-cache").await.id;
    let other_admin = staff(&s.db, &passwords(), other, "a@oc.test", StaffRole::Admin).await;
    portal::reset_matrix(&s.db, &other_admin, None)
        .await
        .unwrap();
    assert_eq!(
        config_cache::current_version(&s.db, s.account)
            .await
            .unwrap(),
        before
    );

    // Owners lose "manage users" in the matrix, through server one's admin.
    let grants: Vec<String> = PermissionSet::defaults_for(CustomerRole::Owner)
        .ids()
        .into_iter()
        .filter(|id| *id != Permission::UsersManage.id())
        .map(|id| format!("owner:{id}"))
        .collect();
    portal::update_matrix(&s.db, &s.admin, &grants, None)
        .await
        .unwrap();
    for cache in [&two, &one] {
        let signed_in = auth::session_cached(&s.db, cache, s.account, owner_token)
            .await
            .unwrap()
            .expect("signed in");
        assert!(!signed_in.principal.can(Permission::UsersManage));
    }

    // A published portal name reaches signed-in and signed-out pages on both servers.
    let input = branding::BrandingInput {
        portal_name: "Acme Licensing".into(),
        ..Default::default()
    };
    branding::save_draft(&s.db, &s.admin, input, None)
        .await
        .unwrap();
    branding::publish(&s.db, &s.admin, None).await.unwrap();
    for cache in [&one, &two] {
        let signed_out = config_cache::config(&s.db, cache, s.account, None)
            .await
            .unwrap();
        assert_eq!(
            signed_out.branding.published.portal_name.as_deref(),
            Some("Acme Licensing")
        );
        let signed_in = auth::session_cached(&s.db, cache, s.account, owner_token)
            .await
            .unwrap()
            .expect("signed in");
        assert_eq!(signed_in.config.version, signed_out.version);
        assert_eq!(
            signed_in.config.branding.published.portal_name.as_deref(),
            Some("Acme Licensing")
        );
    }

    // Turning customer sign-in off ends the session on both at once.
    let off = Modes {
        logged_in_portal_enabled: false,
        ..Modes::default()
    };
    portal::update_modes(&s.db, &s.admin, off, None)
        .await
        .unwrap();
    for cache in [&one, &two] {
        assert!(
            auth::session_cached(&s.db, cache, s.account, owner_token)
                .await
                .unwrap()
                .is_none()
        );
    }
}
