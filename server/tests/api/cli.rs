//! The `keyport` binary's operator commands, run as an operator runs them.

use crate::helpers::TempDir;
use std::{path::Path, process::Command};

fn keyport(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_keyport"))
        .args(args)
        .env("KEYPORT_DATA_DIR", data)
        .env_remove("DATABASE_URL")
        .env_remove("KEYPORT_MASTER_KEY")
        .env("RUST_LOG", "warn")
        .output()
        .expect("keyport runs");
    assert!(
        out.status.success(),
        "keyport {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or(serde_json::Value::Null)
}

#[test]
fn rotating_a_product_key_signs_new_licenses_with_the_new_key_id() {
    let data = TempDir::new();
    keyport(data.path(), &["seed-demo"]);
    let issue = [
        "license",
        "create",
        "--account",
        "demo",
        "--product",
        "Northwind Studio",
        "--organization",
        "Acme Corp",
    ];
    let first = keyport(data.path(), &issue);
    let rotated = keyport(
        data.path(),
        &[
            "product",
            "rotate-key",
            "--account",
            "demo",
            "--product",
            "Northwind Studio",
        ],
    );
    assert_ne!(rotated["kid"], first["kid"], "the key id did not change");
    assert_ne!(rotated["public_key"], first["public_key"]);
    let second = keyport(data.path(), &issue);
    assert_eq!(second["kid"], rotated["kid"]);

    let out = Command::new(env!("CARGO_BIN_EXE_keyport"))
        .args([
            "product",
            "rotate-key",
            "--account",
            "demo",
            "--product",
            "Nope",
        ])
        .env("KEYPORT_DATA_DIR", data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("keyport runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("No product named \"Nope\""));
}

/// `keyport tallies check` passes on the demo, fails with the mismatch as JSON when a counter
/// is wrong, and passes again after `keyport tallies rebuild`.
#[test]
fn tallies_check_reports_a_wrong_counter_and_rebuild_repairs_it() {
    let data = TempDir::new();
    keyport(data.path(), &["seed-demo"]);
    assert_eq!(
        keyport(data.path(), &["tallies", "check"])["mismatches"],
        serde_json::json!([])
    );
    // A counter goes wrong behind the service's back.
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sea_orm::ConnectionTrait;
        let db = service::db::connect(&service::db::sqlite_url(data.path()))
            .await
            .unwrap();
        db.execute_unprepared("UPDATE license_tallies SET licenses = licenses + 1")
            .await
            .unwrap();
        db.execute_unprepared(
            "UPDATE users SET unread_notifications = 1000 WHERE email = 'owner@acme.example'",
        )
        .await
        .unwrap();
        db.close().await.unwrap();
    });
    let out = Command::new(env!("CARGO_BIN_EXE_keyport"))
        .args(["tallies", "check"])
        .env("KEYPORT_DATA_DIR", data.path())
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("keyport runs");
    assert!(!out.status.success(), "a wrong counter must fail the check");
    let report: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    assert_eq!(report["mismatches"][0]["kind"], "licenses");
    assert_eq!(report["unread_notifications"][0]["counter"], 1000);
    keyport(data.path(), &["tallies", "rebuild"]);
    let again = keyport(data.path(), &["tallies", "check"]);
    assert_eq!(again["mismatches"], serde_json::json!([]));
    assert_eq!(again["unread_notifications"], serde_json::json!([]));
}
