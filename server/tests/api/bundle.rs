//! The browser bundle under `/pkg` (server/src/bundle.rs): each build at its own address,
//! cached as immutable, sent precompressed to browsers that accept it.

use crate::helpers::TempDir;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

const BUILD: &str = "0123456789abcdef";

/// A site root as `scripts/build.sh` leaves it: `pkg/current` naming build `BUILD`, whose
/// module has a gzip and a brotli copy (their contents marked, to tell which was sent), and
/// the fixed-address stylesheet.
fn site() -> TempDir {
    let site = TempDir::new();
    let build = site.path().join("pkg").join(BUILD);
    std::fs::create_dir_all(&build).expect("build dir");
    std::fs::write(build.join("keyport_bg.wasm"), b"\0asm plain").expect("wasm");
    std::fs::write(build.join("keyport_bg.wasm.gz"), b"gzip copy").expect("gz");
    std::fs::write(build.join("keyport_bg.wasm.br"), b"brotli copy").expect("br");
    std::fs::write(site.path().join("pkg/keyport.css"), b"body{}").expect("css");
    std::fs::write(site.path().join("pkg/current"), format!("{BUILD}\n")).expect("current");
    site
}

async fn get(
    site: &TempDir,
    path: &str,
    accept_encoding: Option<&str>,
) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    let router: axum::Router = server::bundle::routes(site.path().to_str().expect("utf-8 path"));
    let mut req = Request::get(path);
    if let Some(encodings) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, encodings);
    }
    let res = router
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

#[tokio::test]
async fn a_build_is_served_precompressed_and_cached_as_immutable() {
    let site = site();
    let path = format!("/pkg/{BUILD}/keyport_bg.wasm");

    let (status, headers, body) = get(&site, &path, Some("gzip, deflate, br")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"brotli copy", "brotli when the browser takes it");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(headers[header::VARY], "accept-encoding");

    let (_, headers, body) = get(&site, &path, Some("gzip")).await;
    assert_eq!(body, b"gzip copy");
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");

    let (_, headers, body) = get(&site, &path, None).await;
    assert_eq!(
        body, b"\0asm plain",
        "plain for a client that accepts no encoding"
    );
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(headers[header::VARY], "accept-encoding");
}

#[tokio::test]
async fn the_fixed_address_stylesheet_is_revalidated_and_a_missing_module_is_a_plain_404() {
    let site = site();
    let (status, headers, _) = get(&site, "/pkg/keyport.css", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

    // A page from a pruned build asks for a module that is gone: a 404 the loader sees as a
    // failed load (and reloads the page once), never an HTML page cached for a year.
    let (status, headers, _) = get(&site, &format!("/pkg/{BUILD}/split_gone.wasm"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get(header::CACHE_CONTROL).is_none());
}

#[test]
fn pages_name_the_current_build_and_fall_back_to_pkg_without_one() {
    let site = site();
    let root = site.path().to_str().expect("utf-8 path");
    assert_eq!(server::bundle::pkg_dir(root), format!("pkg/{BUILD}"));

    // Whatever `current` holds is only used when it names a build directory by its hash.
    std::fs::write(site.path().join("pkg/current"), "../../etc\n").expect("current");
    assert_eq!(server::bundle::pkg_dir(root), "pkg");
    std::fs::write(site.path().join("pkg/current"), "fedcba9876543210\n").expect("current");
    assert_eq!(
        server::bundle::pkg_dir(root),
        "pkg",
        "a build that is not there"
    );
    std::fs::remove_file(site.path().join("pkg/current")).expect("remove");
    assert_eq!(server::bundle::pkg_dir(root), "pkg");
}
