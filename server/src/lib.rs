//! The `keyport` server: configuration, the axum router and the command line.

pub mod api_v1;
pub mod audit_export;
pub mod branding_logo;
pub mod bundle;
pub mod cli;
pub mod commands;
pub mod csp_report;
pub mod domain_task;
pub mod downloads;
pub mod expiry_task;
mod form_answer;
pub mod mail_worker;
pub mod master_key;
pub mod middleware;
pub mod offline_upload;
pub mod release_upload;
pub mod router;
