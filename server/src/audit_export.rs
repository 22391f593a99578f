//! `GET /vendor/audit.csv`: the staff audit view as CSV, with the same filters as the page.
//! A plain route, so it checks the session and role itself (the `/rpc` guard does not see it).

use app::{api::audit_filter, state::AppState, state::RequestContext};
use axum::{
    Extension, Json, Router,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use service::{Principal, audit};

/// At most this many events per export.
pub const MAX_ROWS: usize = 10_000;

/// The filter, as the page's GET form writes it.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    organization: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The export route, to merge into the app router.
pub fn routes() -> Router<AppState> {
    Router::new().route("/vendor/audit.csv", get(export))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

async fn export(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let Some(principal) = ctx.principal else {
        return error(StatusCode::UNAUTHORIZED, "Please sign in to continue.");
    };
    if !matches!(principal, Principal::Staff(_)) {
        return error(
            StatusCode::FORBIDDEN,
            "You do not have permission to do that.",
        );
    }
    let filter = match audit_filter::parse(q.organization, q.actor, q.action, q.from, q.to) {
        Ok(f) => f,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    };
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        match audit::search(&state.db, &principal, &filter, after, 1000).await {
            Ok((page, next)) => {
                rows.extend(page);
                after = next;
            }
            Err(err) => {
                tracing::error!(request.id = %ctx.request_id, error = %err, "Audit export failed.");
                return error(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.");
            }
        }
        if after.is_none() || rows.len() >= MAX_ROWS {
            break;
        }
    }
    rows.truncate(MAX_ROWS);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        audit::to_csv(&rows),
    )
        .into_response()
}
