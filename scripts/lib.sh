# shellcheck shell=bash
# Shared by the scripts in this directory: `source "$(dirname "$0")/lib.sh"`.
# Sets ROOT (the repository) and CARGO_TARGET_DIR (outside the clone, reused between runs).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# One target directory per checkout that builds at a time: cargo names a workspace crate's
# artifacts by its path relative to the workspace, so two checkouts (say, git worktrees)
# building at once in one directory overwrite each other's crates, and cargo can then take the
# other checkout's build for fresh. Give each concurrently building worktree its own
# CARGO_TARGET_DIR (a copy of this one starts it warm).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/keyport/target}"
export PATH="$HOME/.cargo/bin:$PATH"
# npm installs Playwright, never its browsers: the tests use Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Node tools (playwright, wasm-opt from binaryen) live in end2end/node_modules.
export NODE_BIN="$ROOT/end2end/node_modules/.bin"

log() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version pinned in Cargo.lock; the CLI must be exactly this version.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}
