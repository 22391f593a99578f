//! The master key that encrypts product signing keys at rest.
//!
//! It comes from `KEYPORT_MASTER_KEY`; only the demo path generates one, and keeps it in the
//! data directory (mode 0600) so that a restarted demo can still read its products' keys.
//! There is no built-in default key: a server without one refuses to start.

use crate::commands::CommandError;
use service::crypto::MasterKey;
use std::path::{Path, PathBuf};

fn key_file(data_dir: &Path) -> PathBuf {
    data_dir.join("master.key")
}

/// The configured key, else the one the demo generated in the data directory.
pub fn load(configured: Option<&str>, data_dir: &Path) -> Result<MasterKey, CommandError> {
    if let Some(hex) = configured {
        return MasterKey::from_hex(hex.trim()).map_err(|_| {
            CommandError::Config("KEYPORT_MASTER_KEY must be 64 hex characters.".into())
        });
    }
    let path = key_file(data_dir);
    match std::fs::read_to_string(&path) {
        Ok(hex) => MasterKey::from_hex(hex.trim()).map_err(|_| {
            CommandError::Config(format!(
                "{} does not hold a valid master key.",
                path.display()
            ))
        }),
        Err(_) => Err(CommandError::Config(format!(
            "No master key: set KEYPORT_MASTER_KEY (64 hex characters, e.g. from `openssl rand -hex 32`), \
             or run `keyport seed-demo` to create a demo with its own key in {}.",
            data_dir.display()
        ))),
    }
}

/// The demo's key: loaded from the data directory, or generated and saved there.
pub fn load_or_generate_demo(data_dir: &Path) -> Result<MasterKey, CommandError> {
    let path = key_file(data_dir);
    if path.exists() {
        return load(None, data_dir);
    }
    std::fs::create_dir_all(data_dir)?;
    let key = MasterKey::generate();
    write_private(&path, &key.to_hex())?;
    tracing::info!(path = %path.display(), "Generated a master key for the demo.");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}
