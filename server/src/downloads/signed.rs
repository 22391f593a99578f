//! `GET /downloads/signed/{token}`: a file through an expiring link a vendor made, no session
//! needed. The token is checked against the account of the request's host, so a link of one
//! vendor never works on another's portal.

use app::state::RequestContext;
use axum::{
    Extension,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use service::releases::{
    catalog::Refusal,
    eligibility::Reason,
    signed::{self, LinkError},
};

use super::{Releases, internal, refuse, serve};

pub(super) async fn download(
    State(releases): State<Releases>,
    Extension(ctx): Extension<RequestContext>,
    Path(token): Path<String>,
    request_headers: HeaderMap,
) -> Response {
    let Some(account) = ctx.account.as_ref() else {
        return refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no such download.",
        );
    };
    let claims = match signed::verify(&releases.link_key, &token, account.id, chrono::Utc::now()) {
        Ok(claims) => claims,
        Err(e @ LinkError::Expired) => {
            return refuse(StatusCode::GONE, "link_expired", &e.to_string());
        }
        Err(e @ LinkError::Tampered) => {
            tracing::warn!(account.id = %account.id, "Refused a signed download link.");
            return refuse(StatusCode::FORBIDDEN, "link_invalid", &e.to_string());
        }
    };
    let grant = match signed::resolve(&releases.db, claims.account_id, claims.file_id).await {
        Ok(grant) => grant,
        Err(Refusal::Ineligible(Reason::Yanked)) => {
            return refuse(
                StatusCode::GONE,
                "yanked",
                "This release was withdrawn by the vendor and can no longer be downloaded.",
            );
        }
        Err(Refusal::NotFound | Refusal::Ineligible(_)) => {
            return refuse(
                StatusCode::NOT_FOUND,
                "not_found",
                "There is no such download.",
            );
        }
        Err(Refusal::Failed(e)) => {
            tracing::error!(error = %e, "A signed download could not be checked.");
            return internal(&ctx);
        }
    };
    serve(releases, ctx, grant, &request_headers).await
}
