//! The whole offline journey through the real binaries: `keyport serve` on a free port,
//! `keyport license create`, `keyport-activate offline-request`, the portal upload over HTTP
//! as a browser sends it (signed-in multipart form), `offline-apply`, `status`, then
//! `offline-deactivate`, its upload, and the seat is free again.
//!
//! Needs the `keyport` binary next to this test's (`cargo build -p server`, which
//! `scripts/test.sh` runs before this test), or its path in `KEYPORT_BIN`.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keyport_bin() -> PathBuf {
    if let Ok(path) = std::env::var("KEYPORT_BIN") {
        return path.into();
    }
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("keyport");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build -p server` first",
        bin.display()
    );
    bin
}

fn keyport(data: &Path, args: &[&str]) -> String {
    let out = Command::new(keyport_bin())
        .args(args)
        .env("KEYPORT_DATA_DIR", data)
        .env_remove("DATABASE_URL")
        .env_remove("KEYPORT_MASTER_KEY")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "keyport {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn activate(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keyport-activate"))
        .current_dir(dir)
        .env("KEYPORT_STATE", dir.join("state.json"))
        .env("KEYPORT_FINGERPRINT", "ab".repeat(32))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent()
}

/// Uploads `file` as the portal's form does, then confirms the review it redirects to (as the
/// review page's button does): the final status, `Content-Disposition`, `Location` and body.
fn upload(base: &str, route: &str, cookie: &str, file: &[u8]) -> (u16, String, String, String) {
    let boundary = "----keyportboundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"request.txt\"\r\nContent-Type: text/plain\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n--{boundary}--\r\n").as_bytes());
    let staged = answer(
        agent()
            .post(&format!("{base}{route}"))
            .header("cookie", cookie)
            .header(
                "content-type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..])
            .unwrap(),
    );
    let Some((_, review)) = staged.2.split_once("?review=") else {
        return staged;
    };
    let confirmed = answer(
        agent()
            .post(&format!("{base}{route}/confirm"))
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .send(format!("review={review}").as_bytes())
            .unwrap(),
    );
    // Confirming leads to the page that says it is done; the file is downloaded from there.
    let Some((_, done)) = confirmed.2.split_once("?done=") else {
        return confirmed;
    };
    answer(
        agent()
            .get(&format!("{base}{route}/answer/{done}"))
            .header("cookie", cookie)
            .call()
            .unwrap(),
    )
}

fn answer(mut res: ureq::http::Response<ureq::Body>) -> (u16, String, String, String) {
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (disposition, location) = (header("content-disposition"), header("location"));
    let status = res.status().as_u16();
    (
        status,
        disposition,
        location,
        res.body_mut().read_to_string().unwrap(),
    )
}

#[test]
fn offline_activation_and_deactivation_through_the_real_binaries() {
    let data = std::env::temp_dir().join(format!("keyport-rt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(data.join("site")).unwrap();
    let client = data.join("client");
    std::fs::create_dir_all(&client).unwrap();

    keyport(&data, &["seed-demo"]);
    // The log goes to stdout too: the JSON is the last line.
    let out = keyport(
        &data,
        &[
            "license",
            "create",
            "--account",
            "demo",
            "--product",
            "Northwind Studio",
            "--organization",
            "Acme Corp",
            "--allowed-activations",
            "1",
            "--offline",
            "--lease-days",
            "30",
            "--meta",
            "edition=pro",
        ],
    );
    let issued: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let key = issued["key"].as_str().unwrap();
    let product_id = issued["product_id"].as_str().unwrap();
    let public_key = issued["public_key"].as_str().unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        Command::new(keyport_bin())
            .arg("serve")
            .env("KEYPORT_DATA_DIR", &data)
            .env("KEYPORT_ADDR", format!("127.0.0.1:{port}"))
            .env("KEYPORT_PUBLIC_URL", &base)
            .env("KEYPORT_SITE_ROOT", data.join("site"))
            .env("KEYPORT_DEFAULT_ACCOUNT", "demo")
            .env_remove("DATABASE_URL")
            .env_remove("KEYPORT_MASTER_KEY")
            .env_remove("KEYPORT_BASE_DOMAIN")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let up = (0..120).any(|_| {
        std::thread::sleep(Duration::from_millis(250));
        agent()
            .get(&format!("{base}/healthz"))
            .call()
            .is_ok_and(|r| r.status() == 200)
    });
    assert!(up, "keyport serve did not answer /healthz");

    // Sign in as the browser does.
    let res = agent()
        .post(&format!("{base}/rpc/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .send("email=owner%40acme.example&password=keyport-demo")
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|v| v.starts_with("keyport_session=") && v.len() > 16)
        .expect("a session cookie")
        .to_owned();

    let (ok, out) = activate(
        &client,
        &[
            "offline-request",
            "--product",
            product_id,
            "--license-key",
            key,
            "--out",
            "request.txt",
        ],
    );
    assert!(ok, "{out}");
    let request = std::fs::read(client.join("request.txt")).unwrap();

    let (status, disposition, location, response) =
        upload(&base, "/offline/upload/activation", &cookie, &request);
    assert_eq!(status, 200, "refused: {location}");
    assert!(
        disposition.starts_with("attachment; filename=\"northwind-software-activation-"),
        "{disposition}"
    );
    // The same request again: the same response, no second seat.
    let (_, _, _, again) = upload(&base, "/offline/upload/activation", &cookie, &request);
    assert_eq!(again, response);

    std::fs::write(client.join("response.txt"), &response).unwrap();
    let (ok, out) = activate(
        &client,
        &["offline-apply", "response.txt", "--public-key", public_key],
    );
    assert!(ok, "{out}");
    let (ok, out) = activate(&client, &["status"]);
    assert!(ok && out.starts_with("valid"), "{out}");

    // A tampered file is refused with its reason, and nothing changes.
    let mut flipped = request.clone();
    flipped[100] ^= 0x01;
    let (status, _, location, _) = upload(&base, "/offline/upload/activation", &cookie, &flipped);
    assert_eq!(status, 303);
    assert!(
        location.starts_with("/offline/activate?error="),
        "{location}"
    );

    let (ok, out) = activate(
        &client,
        &["offline-deactivate", "--out", "deactivation.txt"],
    );
    assert!(ok, "{out}");
    let proof = std::fs::read(client.join("deactivation.txt")).unwrap();
    let (status, disposition, location, receipt) =
        upload(&base, "/offline/upload/deactivation", &cookie, &proof);
    assert_eq!(status, 200, "refused: {location}");
    assert!(
        disposition.contains("filename=\"northwind-software-deactivation-receipt-"),
        "{disposition}"
    );
    assert!(receipt.starts_with("-----BEGIN KEYPORT DEACTIVATION RECEIPT-----"));
    let (status, _, location, _) = upload(&base, "/offline/upload/deactivation", &cookie, &proof);
    assert_eq!(status, 303);
    assert!(location.contains("already%20processed"), "{location}");

    // The seat is free: another machine can take it.
    let res = agent()
        .post(&format!("{base}/api/v1/activations"))
        .header("content-type", "application/json")
        .send(serde_json::json!({"license_key": key, "fingerprint": "cd".repeat(32), "hostname": "next"}).to_string().as_bytes())
        .unwrap();
    assert_eq!(res.status(), 200);
    let _ = std::fs::remove_dir_all(&data);
}
