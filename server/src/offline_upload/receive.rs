//! Reading the upload form: the chosen file, or else the pasted text.

use axum::extract::Multipart;

/// The uploaded bytes: the file if one was chosen, else the pasted text. A field over the
/// protocol's cap is cut one byte past it, so the protocol's own check names the limit.
pub async fn upload(mut form: Multipart) -> Result<Vec<u8>, String> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "The upload is larger than {} KiB: a Keyport request file is at most {} KiB.",
                super::BODY_LIMIT / 1024,
                sdk::MAX_FILE_BYTES / 1024
            )
        } else {
            "The upload could not be read; choose the file again.".to_owned()
        }
    };
    let mut file = None;
    let mut text = None;
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            // Past the cap the rest is read and dropped (the body limit bounds it), so the
            // browser gets our answer rather than a reset connection.
            let room = (sdk::MAX_FILE_BYTES + 1).saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some(bytes),
            "text" if !bytes.iter().all(u8::is_ascii_whitespace) => text = Some(bytes),
            _ => {}
        }
    }
    file.or(text)
        .ok_or_else(|| "Choose the request file or paste its text.".to_owned())
}
