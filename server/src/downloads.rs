//! `GET /downloads/{license_id}/{file_id}`: release files, streamed from the store after the
//! session, the `releases.download` permission and eligibility are checked on every request.
//!
//! One audit event per completed download: it is written when a response that carries the
//! file's last byte has been streamed to the end, so a download resumed after a cut is one
//! event, and neither the cut attempt nor mid-file range requests add any.
//!
//! `GET /downloads/signed/{token}` serves the same way without a session, for an expiring link
//! a vendor made (see [`signed`]).

mod headers;
mod signed;

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use app::state::RequestContext;
use axum::{
    Extension, Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use futures_util::{StreamExt, TryStreamExt, stream};
use service::{
    Db, Principal, Scope,
    audit::{self, AuditEntry, Outcome},
    permissions::Permission,
    releases::{
        catalog::{self, Grant, Refusal},
        eligibility::Reason,
        storage::ReleaseStore,
    },
};
use uuid::Uuid;

pub use headers::{Slice, content_disposition, slice};

/// What the release routes need.
#[derive(Clone, Debug)]
pub struct Releases {
    /// The database.
    pub db: Db,
    /// Where the files are.
    pub store: ReleaseStore,
    /// Largest accepted upload, in bytes.
    pub upload_max_bytes: u64,
    /// Verifies signed download links.
    pub link_key: Arc<service::releases::signed::LinkKey>,
}

/// The download routes, to merge into the app's router (inside its middleware).
pub fn routes<S: Clone + Send + Sync + 'static>(releases: Releases) -> Router<S> {
    Router::new()
        .route("/downloads/{license_id}/{file_id}", get(download))
        .route("/downloads/signed/{token}", get(signed::download))
        .with_state(releases)
}

/// A JSON error a download client (or a person) can read.
fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": code, "message": message });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn download(
    State(releases): State<Releases>,
    Extension(ctx): Extension<RequestContext>,
    Path((license_id, file_id)): Path<(String, String)>,
    request_headers: HeaderMap,
) -> Response {
    let Some(principal) = ctx.principal.clone() else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Please sign in to download.",
        );
    };
    if !principal.can(Permission::ReleasesDownload) {
        return refuse(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Your role does not include downloading releases.",
        );
    }
    let not_found = || {
        refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no such download.",
        )
    };
    let (Ok(license_id), Ok(file_id)) = (Uuid::parse_str(&license_id), Uuid::parse_str(&file_id))
    else {
        return not_found();
    };
    let scope = Scope::of(&principal);
    let grant = match catalog::authorize(&releases.db, &scope, license_id, file_id).await {
        Ok(grant) => grant,
        Err(Refusal::NotFound) => return not_found(),
        Err(Refusal::Ineligible(Reason::Yanked)) => {
            return refuse(
                StatusCode::GONE,
                "yanked",
                "This release was withdrawn by the vendor and can no longer be downloaded.",
            );
        }
        Err(Refusal::Ineligible(reason)) => {
            let message = format!("You cannot download this release: {reason}.");
            return refuse(StatusCode::FORBIDDEN, "ineligible", &message);
        }
        Err(Refusal::Failed(e)) => {
            tracing::error!(error = %e, "A download could not be checked.");
            return internal(&ctx);
        }
    };
    serve(releases, ctx, grant, &request_headers).await
}

fn internal(ctx: &RequestContext) -> Response {
    let message = format!("Something went wrong (request {}).", ctx.request_id);
    refuse(StatusCode::INTERNAL_SERVER_ERROR, "internal", &message)
}

async fn serve(releases: Releases, ctx: RequestContext, grant: Grant, req: &HeaderMap) -> Response {
    let size = u64::try_from(grant.file.size).unwrap_or(0);
    let etag = format!("\"{}\"", grant.file.sha256);
    // A resume whose If-Range no longer matches gets the whole (new) file.
    let range_header = req
        .get(header::RANGE)
        .filter(|_| {
            req.get(header::IF_RANGE)
                .is_none_or(|v| v.as_bytes() == etag.as_bytes())
        })
        .map(|v| v.to_str().unwrap_or(""));
    let (status, range) = match slice(range_header, size) {
        Slice::Whole => (StatusCode::OK, 0..size),
        Slice::Part(r) => (StatusCode::PARTIAL_CONTENT, r),
        Slice::Unsatisfiable => {
            let mut res = refuse(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range_not_satisfiable",
                "The requested byte range is malformed or outside the file.",
            );
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return res;
        }
    };
    let completes = range.end == size;
    let length = range.end - range.start;
    let body = if length == 0 {
        stream::empty().boxed()
    } else {
        match releases
            .store
            .get(&grant.file.storage_key, Some(range.clone()))
            .await
        {
            Ok(body) => body,
            Err(e) => {
                tracing::error!(error = %e, release_file.id = %grant.file.id, "A release file is missing from storage.");
                return internal(&ctx);
            }
        }
    };
    let disposition = content_disposition(&grant.file.name);
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let counted = body.inspect_ok(move |chunk| {
        counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
    });
    let db = releases.db.clone();
    let done = stream::once(async move {
        if completes && sent.load(Ordering::Relaxed) == length {
            record(&db, &ctx, &grant).await;
        }
        None
    })
    .filter_map(|x: Option<std::io::Result<bytes::Bytes>>| async move { x });
    let mut res = Response::new(Body::from_stream(counted.chain(done)));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(v) =
            HeaderValue::from_str(&format!("bytes {}-{}/{size}", range.start, range.end - 1))
    {
        h.insert(header::CONTENT_RANGE, v);
    }
    res
}

/// The audit event of a completed download (by the signed-in user, or through a signed link
/// when the grant names no license).
async fn record(db: &Db, ctx: &RequestContext, grant: &Grant) {
    let principal = ctx
        .principal
        .as_ref()
        .filter(|_| grant.license_id.is_some());
    let entry = AuditEntry {
        account_id: grant.file.account_id,
        actor_user_id: principal.map(Principal::user_id),
        actor_email: principal.map_or("signed link", Principal::email),
        organization_id: principal.and_then(Principal::organization_id),
        action: "release.download",
        target_type: "release_file",
        target_id: grant.file.id.to_string(),
        outcome: Outcome::Success,
        ip: ctx.ip.as_deref(),
        details: serde_json::json!({
            "release_id": grant.release.id,
            "license_id": grant.license_id,
            "signed_link": grant.license_id.is_none(),
            "version": grant.release.version,
            "file": grant.file.name,
            "size": grant.file.size,
        }),
    };
    // A customer's download is a portal action (recorded while the account records them);
    // staff downloads and signed links (issued by staff) are always recorded.
    let recorded = match principal {
        Some(p) => service::portal::record_action(db, p, entry).await.map(drop),
        None => audit::record(db, entry).await,
    };
    if let Err(e) = recorded {
        tracing::error!(error = %e, "A download's audit event could not be written.");
    }
}
