//! The upload's answer: a redirect or a page for a plain form, JSON for the enhanced page, and
//! the refusal type every step returns.

use axum::{
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
};
use service::ServiceError;

use super::PAGE;
use crate::form_answer::{query_value, wants_json};

/// How the answer is written: a redirect for a plain form, JSON for the enhanced page.
pub struct Reply {
    /// The page sent the form itself and reads JSON.
    pub json: bool,
}

impl Reply {
    pub fn of(headers: &HeaderMap) -> Self {
        Self {
            json: wants_json(headers),
        }
    }

    pub fn done(&self, location: &str, message: &str) -> Response {
        if self.json {
            let body = serde_json::json!({ "message": message, "location": location });
            (StatusCode::OK, axum::Json(body)).into_response()
        } else {
            Redirect::to(location).into_response()
        }
    }

    /// A refusal: back to the form with the sentence, or a page of its own for statuses a
    /// redirect would hide (401, 403, 413).
    pub fn refuse(&self, status: StatusCode, message: &str) -> Response {
        let location = format!("{PAGE}?error={}#upload", query_value(message));
        if self.json {
            let body = serde_json::json!({ "message": message, "location": location });
            return (status, axum::Json(body)).into_response();
        }
        if status == StatusCode::BAD_REQUEST || status == StatusCode::CONFLICT {
            return Redirect::to(&location).into_response();
        }
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Upload refused\
             </title></head><body><main><h1>Upload refused</h1><p role=\"alert\">{}</p>\
             <p><a href=\"{PAGE}\">Back to releases</a></p></main></body></html>",
            app::escape::html(message)
        );
        (status, Html(page)).into_response()
    }
}

/// Bytes as people read them (`1 MiB`, `8 GiB`, `512 bytes`).
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// Why an upload stopped, with the HTTP status it is answered with.
pub struct Refused(pub StatusCode, pub String);

impl Refused {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self(StatusCode::BAD_REQUEST, message.into())
    }
}

impl From<ServiceError> for Refused {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(errors) => Self::invalid(first(&errors)),
            ServiceError::Conflict(errors) => Self(StatusCode::CONFLICT, first(&errors)),
            other => {
                tracing::error!(error = %other, "A release upload failed.");
                Self(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong; nothing was published.".into(),
                )
            }
        }
    }
}

fn first(errors: &[service::FieldError]) -> String {
    errors
        .first()
        .map_or("The upload was refused.".to_owned(), |e| e.message.clone())
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(8 << 30), "8 GiB");
        assert_eq!(size(1500), "1500 bytes");
    }
}
