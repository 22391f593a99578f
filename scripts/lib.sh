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

# free_port: a TCP port on 127.0.0.1 that nothing listens on (3100 when it is free).
free_port() {
  node -e '
    const net = require("net");
    const tryListen = (port) => {
      const server = net.createServer();
      server.once("error", () => tryListen(0));
      server.listen(port, "127.0.0.1", () => {
        const { port: got } = server.address();
        server.close(() => console.log(got));
      });
    };
    tryListen(3100);'
}

# wait_healthy URL PID LOG: waits up to a minute for `keyport serve` (PID, writing LOG) to
# answer URL/healthz; dies with the log when it exits or never answers.
wait_healthy() {
  local _
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1/healthz" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3"; die "keyport serve exited"; }
    sleep 0.5
  done
  tail -n 50 "$3"
  die "no /healthz at $1"
}

# session_cookie EMAIL URL: the session cookie of a demo user's sign-in (password
# keyport-demo), as `name=value`.
session_cookie() {
  curl -fsS -o /dev/null -D - -X POST "$2/rpc/login" \
    -H 'Content-Type: application/x-www-form-urlencoded' -H 'Accept: application/json' \
    --data-urlencode "email=$1" --data-urlencode "password=keyport-demo" \
    | awk -F'[:;] *' 'tolower($1) == "set-cookie" && $2 ~ /^keyport_session=/ { print $2; exit }'
}
