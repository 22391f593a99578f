#!/usr/bin/env bash
# Installs what is missing, builds, seeds the demo data and serves Keyport at
# http://127.0.0.1:3000 (data in ./data). `--release` builds the server optimised.
# KEYPORT_ADDR, KEYPORT_DATA_DIR, DATABASE_URL, ... are honoured (see README.md).
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

profile_dir=debug
for arg in "$@"; do
  case "$arg" in
    --release) profile_dir=release ;;
    *) die "unknown argument: $arg (usage: scripts/run.sh [--release])" ;;
  esac
done

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" "$@"

cd "$ROOT"
export KEYPORT_ADDR="${KEYPORT_ADDR:-127.0.0.1:3000}"
export KEYPORT_DATA_DIR="${KEYPORT_DATA_DIR:-$ROOT/data}"
export KEYPORT_SITE_ROOT="${KEYPORT_SITE_ROOT:-$ROOT/target/site}"
# `seed-demo` creates the account with alias "demo"; it serves localhost and any other host.
export KEYPORT_DEFAULT_ACCOUNT="${KEYPORT_DEFAULT_ACCOUNT:-demo}"
mkdir -p "$KEYPORT_DATA_DIR"
keyport="$ROOT/target/keyport" # copied by build.sh ($profile_dir)

log "seeding the demo data (idempotent)"
"$keyport" seed-demo
log "serving Keyport at http://$KEYPORT_ADDR (Ctrl-C stops it)"
exec "$keyport" serve
