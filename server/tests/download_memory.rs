//! A 1 GiB download keeps the serving process's resident memory growth under 10 MiB.
//!
//! Its own test binary on purpose (not in `tests/api`): VmRSS is per process, so no other test
//! may allocate in the process being measured. The real router serves from a real directory
//! store over a real socket; the file is published through the CLI's code path.

use std::time::Duration;

use app::state::{AppState, CookieConfig};
use leptos::prelude::LeptosOptions;
use server::{
    cli::{PublishArgs, StorageArgs, StoreArgs},
    commands::release::{open_store, publish_files},
    router::{self, ReleaseSettings, Settings},
};
use service::{
    Passwords, Scope, crypto::MasterKey, demo, releases::catalog, tenancy::TenancyConfig,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

const GIB: u64 = 1 << 30;

/// This process's resident memory, in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("proc status")
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// One HTTP/1.1 request on a fresh connection; the body goes to `on_body` chunk by chunk.
async fn http(addr: &str, request: String, mut on_body: impl FnMut(&[u8])) -> String {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 256 * 1024];
    let mut head = Vec::new();
    loop {
        let n = s.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed before the headers");
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            on_body(&head[end + 4..]);
            head.truncate(end);
            break;
        }
    }
    loop {
        let n = s.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        on_body(&buf[..n]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_1_gib_download_keeps_resident_memory_flat() {
    let data = std::env::temp_dir().join(format!("keyport-mem-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&data).unwrap();
    let db = service::db::connect(&service::db::sqlite_url(&data))
        .await
        .unwrap();
    service::db::migrate(&db).await.unwrap();
    let passwords = Passwords::new(1);
    let master_key = std::sync::Arc::new(MasterKey::generate());
    let summary = demo::seed(&db, &passwords, &master_key).await.unwrap();

    // Sparse: 1 GiB that takes no disk and is never in memory.
    let big = data.join("northwind-studio-9.9.9-linux-x86_64.bin");
    std::fs::File::create(&big).unwrap().set_len(GIB).unwrap();
    let storage = StorageArgs {
        storage_dir: None,
        upload_max_bytes: 2 * GIB,
        s3_bucket: None,
        s3_region: "us-east-1".into(),
        s3_endpoint: None,
        s3_access_key_id: None,
        s3_secret_access_key: None,
    };
    let store = open_store(&storage, &data).unwrap();
    let args = PublishArgs {
        store: StoreArgs {
            data_dir: data.clone(),
            database_url: None,
        },
        storage: storage.clone(),
        account: summary.account.alias.clone(),
        product: "Northwind Studio".into(),
        version: "9.9.9".into(),
        channel: "stable".into(),
        platform: "linux".into(),
        arch: "x86_64".into(),
        notes: None,
        files: vec![big.clone()],
    };
    let before_publish = rss_kib();
    publish_files(&db, &store, &args).await.unwrap();
    eprintln!(
        "publishing 1 GiB: VmRSS {before_publish} KiB -> {} KiB",
        rss_kib()
    );
    std::fs::remove_file(&big).unwrap();

    let state = AppState {
        db: db.clone(),
        passwords,
        leptos_options: LeptosOptions::builder().output_name("keyport").build(),
        cookies: CookieConfig::new(false),
        master_key,
        public_url: "http://127.0.0.1".into(),
        tenancy: TenancyConfig {
            base_domain: None,
            default_account: Some(summary.account.alias.clone()),
        },
        config: std::sync::Arc::default(),
        split_modules: std::sync::Arc::default(),
    };
    let settings = Settings {
        tenancy: TenancyConfig {
            base_domain: None,
            default_account: Some(summary.account.alias.clone()),
        },
        trust_proxy: false,
        releases: ReleaseSettings {
            store,
            upload_max_bytes: 2 * GIB,
        },
        api_rates: server::api_v1::RateSettings::default(),
        request_timeout: std::time::Duration::from_secs(30),
        host_cache: std::time::Duration::from_secs(5),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let app = router::build(state, settings);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });

    let form = format!(
        "email=owner%40acme.example&password={}",
        demo::DEMO_PASSWORD
    );
    let head = http(&addr, format!(
        "POST /rpc/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    ), |_| {}).await;
    let cookie = head
        .lines()
        .filter_map(|l| {
            l.split_once(": ")
                .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        })
        .filter_map(|(_, v)| v.split(';').next())
        .find(|v| v.starts_with("keyport_session=") && v.len() > 16)
        .unwrap_or_else(|| panic!("no session cookie: {head}"))
        .to_owned();
    let owner = service::auth::session(&db, summary.account.id, cookie.split_once('=').unwrap().1)
        .await
        .unwrap()
        .unwrap();
    let entry = catalog::for_customer(&db, &Scope::of(&owner), None)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.version == "9.9.9")
        .expect("the big release is listed");
    let path = format!(
        "/downloads/{}/{}",
        entry.license_id.expect("eligible"),
        entry.files[0].id
    );
    let get = |range: &str| {
        format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n{range}Connection: close\r\n\r\n"
        )
    };

    // Warm up the download path (buffers, pools), then measure the whole file.
    http(&addr, get("Range: bytes=0-16777215\r\n"), |_| {}).await;
    let baseline = rss_kib();
    let (done_tx, mut done_rx) = tokio::sync::oneshot::channel::<()>();
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        loop {
            peak = peak.max(rss_kib());
            tokio::select! {
                _ = &mut done_rx => return peak,
                () = tokio::time::sleep(Duration::from_millis(20)) => {}
            }
        }
    });
    let mut received = 0u64;
    let started = std::time::Instant::now();
    let head = http(&addr, get(""), |b| received += b.len() as u64).await;
    let took = started.elapsed();
    done_tx.send(()).unwrap();
    let peak = sampler.await.unwrap().max(rss_kib());
    std::fs::remove_dir_all(&data).unwrap();

    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(received, GIB);
    let growth = peak.saturating_sub(baseline);
    eprintln!(
        "1 GiB in {:.1} s ({:.0} MiB/s); VmRSS {baseline} KiB -> peak {peak} KiB (+{growth} KiB)",
        took.as_secs_f64(),
        GIB as f64 / 1_048_576.0 / took.as_secs_f64(),
    );
    assert!(growth < 10 * 1024, "resident memory grew by {growth} KiB");
}
