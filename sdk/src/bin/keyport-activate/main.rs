//! `keyport-activate`: activate this machine with a Keyport license, online or offline.
//!
//! The local state file (`--state`, default `keyport-activation.json`) keeps the client's
//! Ed25519 key, a pending offline request, and the signed activation. See README.md,
//! "Integrating Keyport into an application".

mod commands;
mod online;
mod state;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use uuid::Uuid;

/// Activate this machine with a Keyport license, online or offline.
#[derive(Debug, Parser)]
#[command(name = "keyport-activate", version)]
struct Cli {
    /// Local state file: client key, pending request, activation.
    #[arg(
        long,
        env = "KEYPORT_STATE",
        default_value = "keyport-activation.json",
        global = true
    )]
    state: PathBuf,
    /// Use this fingerprint instead of this machine's (64 hex; for tests and VMs).
    #[arg(long, env = "KEYPORT_FINGERPRINT", global = true)]
    fingerprint: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Prints this machine's fingerprint and the components it hashes.
    Fingerprint,
    /// Activates online against a Keyport server.
    Activate {
        /// The server's base URL (`https://portal.example.com`).
        #[arg(long, env = "KEYPORT_SERVER")]
        server: String,
        /// The product id.
        #[arg(long)]
        product: Uuid,
        /// The license key.
        #[arg(long, env = "KEYPORT_LICENSE_KEY")]
        license_key: String,
        /// The product's public key (base64url), as the vendor publishes it.
        #[arg(long)]
        public_key: String,
        /// The application's version.
        #[arg(long, default_value = env!("CARGO_PKG_VERSION"))]
        app_version: String,
    },
    /// Writes an activation request file to upload in the portal.
    OfflineRequest {
        /// The product id.
        #[arg(long)]
        product: Uuid,
        /// The license key.
        #[arg(long, env = "KEYPORT_LICENSE_KEY")]
        license_key: String,
        /// Where to write the request.
        #[arg(long, default_value = "activation-request.txt")]
        out: PathBuf,
        /// The application's version.
        #[arg(long, default_value = env!("CARGO_PKG_VERSION"))]
        app_version: String,
    },
    /// Verifies a response file from the portal and stores the activation.
    OfflineApply {
        /// The response file.
        response: PathBuf,
        /// The product's public key (base64url), as the vendor publishes it.
        #[arg(long)]
        public_key: String,
    },
    /// Verifies the stored activation: signature, fingerprint, lease, clock.
    Status,
    /// Removes the local activation and writes a signed deactivation request to upload.
    OfflineDeactivate {
        /// Where to write the request.
        #[arg(long, default_value = "deactivation-request.txt")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let fingerprint = cli
        .fingerprint
        .clone()
        .unwrap_or_else(sdk::fingerprint::this_machine);
    let result = match cli.command {
        Command::Fingerprint => commands::fingerprint(&fingerprint),
        Command::Activate {
            server,
            product,
            license_key,
            public_key,
            app_version,
        } => online::activate(
            &cli.state,
            &fingerprint,
            &server,
            product,
            &license_key,
            &public_key,
            &app_version,
        ),
        Command::OfflineRequest {
            product,
            license_key,
            out,
            app_version,
        } => commands::offline_request(
            &cli.state,
            &fingerprint,
            product,
            &license_key,
            &out,
            &app_version,
        ),
        Command::OfflineApply {
            response,
            public_key,
        } => commands::offline_apply(&cli.state, &fingerprint, &response, &public_key),
        Command::Status => commands::status(&cli.state, &fingerprint),
        Command::OfflineDeactivate { out } => {
            commands::offline_deactivate(&cli.state, &fingerprint, &out)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("keyport-activate: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_valid() {
        super::Cli::command().debug_assert();
    }
}
