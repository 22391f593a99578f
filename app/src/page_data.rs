//! A page's data: a [`Resource`] of a server function's answer, sent with the server-rendered
//! page (for hydration) in the same JSON the server function answers with, and read in the
//! browser by the same decoder.
//!
//! Leptos' default resource codec decodes with `serde_json::from_str` and its server functions
//! with `serde_json::from_slice`. Each is generic over its reader, so every data type the
//! browser receives was compiled into the WASM twice, and with it `serde_json`'s parser
//! (docs/wasm-size.md). [`Json`] decodes the hydration data with `from_slice` too.

use crate::AppError;
use leptos::{prelude::*, server::codee};
use serde::{Serialize, de::DeserializeOwned};

/// JSON, decoded from bytes as server functions decode their answers.
pub struct Json;

impl<T: Serialize> codee::Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> codee::Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(val.as_bytes())
    }
}

/// A page's data: a server function's answer or its refusal.
pub type PageData<T> = Resource<Result<T, AppError>, Json>;

/// Loads `fetcher(source())` on the server with the page and again in the browser whenever
/// `source` changes, as [`Resource::new`] does.
#[track_caller]
pub fn page_data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageData<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
