#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; fast when all is present.
#   Rust target wasm32-unknown-unknown, Debian's chromium, the npm packages of end2end/
#   (Playwright, axe, binaryen's wasm-opt), wasm-bindgen-cli at the version in Cargo.lock,
#   Python's aiosmtpd (the SMTP server of the mail worker's test) and openapi-spec-validator.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Rust's WASM target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "installing the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Chromium from Debian (Playwright drives it; `playwright install` is never used).
if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  if ! sudo_if_needed apt-get install -y --no-install-recommends chromium; then
    sudo_if_needed apt-get update
    sudo_if_needed apt-get install -y --no-install-recommends chromium
  fi
fi

# 3. Node packages, exactly as locked. Reinstalled only when the lockfile changed.
command -v npm >/dev/null || die "npm is missing (install Node.js 20 or newer)"
lock="$ROOT/end2end/package-lock.json"
stamp="$ROOT/end2end/node_modules/.keyport-lock.sha256"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ ! -x "$NODE_BIN/playwright" ] || [ ! -x "$NODE_BIN/wasm-opt" ] \
  || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing npm packages in end2end/ (npm ci)"
  (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  echo "$want" >"$stamp"
fi

# 4. wasm-bindgen-cli, the exact version Cargo.lock pins (a mismatch breaks the bundle).
version="$(wasm_bindgen_version)"
[ -n "$version" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $version" ]; then
  log "installing wasm-bindgen-cli $version (cargo install, a few minutes)"
  cargo install wasm-bindgen-cli --version "=$version"
fi

# 5. aiosmtpd: the SMTP server on loopback the mail worker's integration test delivers to.
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
  log "installing aiosmtpd (pip --user)"
  python3 -m pip install --user --quiet aiosmtpd
fi

# 6. openapi-spec-validator: the licensing API's OpenAPI document is checked by a real validator
#    (server/tests/api/licensing_rules.rs).
if ! python3 -c "import openapi_spec_validator" 2>/dev/null; then
  log "installing openapi-spec-validator (pip --user)"
  python3 -m pip install --user --quiet "openapi-spec-validator==0.9.0"
fi

# 7. schemathesis: the licensing API is fuzzed against its own OpenAPI document
#    (scripts/api-conformance.sh). In a virtualenv of its own: it pins many packages.
st_venv="$HOME/.cache/keyport/schemathesis"
if ! "$st_venv/bin/python" -c "import schemathesis" 2>/dev/null; then
  log "installing schemathesis (pip, in $st_venv)"
  python3 -m venv "$st_venv"
  "$st_venv/bin/python" -m pip install --quiet "schemathesis==4.32.5"
fi

log "setup: everything is installed"
