#!/usr/bin/env bash
# Builds the site (WASM bundle, CSS, static files into target/site), the `keyport` server and
# the SDK's `keyport-activate` CLI (target/keyport, target/keyport-activate).
#   scripts/build.sh            server in debug
#   scripts/build.sh --release  server in release
# The WASM is always built with the size-optimised `wasm-release` profile (Cargo.toml).
# Expects the tools of scripts/setup.sh.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

server_profile=(); server_dir=debug
for arg in "$@"; do
  case "$arg" in
    --release) server_profile=(--release); server_dir=release ;;
    *) die "unknown argument: $arg (usage: scripts/build.sh [--release])" ;;
  esac
done

# install_binary FROM TO: copies under a temporary name beside TO, then renames it over TO.
# A rename replaces the directory entry, so a running `keyport serve` (scripts/run.sh) keeps
# its old file and the build never fails with "Text file busy", as `cp` onto it did.
install_binary() {
  local tmp
  tmp="$(mktemp "$(dirname "$2")/.$(basename "$2").XXXXXX")"
  cp "$1" "$tmp"
  chmod 0755 "$tmp"
  mv -f "$tmp" "$2"
}

site="$ROOT/target/site"
# Built in pkg.new and swapped in at the end, so a running server never sees half a bundle.
pkg="$site/pkg.new"
cd "$ROOT"

log "building the WASM bundle (frontend, wasm-release)"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release

version="$(wasm_bindgen_version)"
[ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $version" ] \
  || die "wasm-bindgen $version is required (run scripts/setup.sh)"
log "wasm-bindgen $version"
rm -rf "$pkg"
mkdir -p "$pkg"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name keyport \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"

log "wasm-opt -Oz (binaryen from npm)"
[ -x "$NODE_BIN/wasm-opt" ] || die "wasm-opt is missing (run scripts/setup.sh)"
if ! "$NODE_BIN/wasm-opt" -Oz --strip-debug --strip-producers "$pkg/keyport_bg.wasm" \
  -o "$pkg/keyport_bg.opt.wasm" 2>"$pkg/wasm-opt.log"; then
  tail -n 20 "$pkg/wasm-opt.log" >&2
  die "wasm-opt failed (full log: $pkg/wasm-opt.log)"
fi
rm -f "$pkg/wasm-opt.log"
mv "$pkg/keyport_bg.opt.wasm" "$pkg/keyport_bg.wasm"

log "copying style/main.css and public/"
cp style/main.css "$pkg/keyport.css"
if [ -d public ] && [ -n "$(ls -A public)" ]; then cp -R public/. "$site/"; fi
rm -rf "$site/pkg"
mv "$pkg" "$site/pkg"
pkg="$site/pkg"

log "building the server (${server_dir})"
cargo build -p server "${server_profile[@]}"
# The target directory is shared by every worktree on this machine (lib.sh), and another
# worktree's build may relink target/debug/keyport at any moment: keep this tree's binary.
install_binary "$CARGO_TARGET_DIR/$server_dir/keyport" "$ROOT/target/keyport"
# The SDK's CLI, which the Playwright suite runs as the offline machine.
log "building keyport-activate (${server_dir})"
cargo build -p sdk --features cli --bin keyport-activate "${server_profile[@]}"
install_binary "$CARGO_TARGET_DIR/$server_dir/keyport-activate" "$ROOT/target/keyport-activate"

# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const fs = require("fs"), zlib = require("zlib");
  const raw = fs.readFileSync(process.argv[1]);
  const gz = zlib.gzipSync(raw, { level: 9 }).length;
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const kb = (n) => (n / 1024).toFixed(1) + " KiB";
  console.log(`wasm size: ${kb(raw.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (keyport_bg.wasm)`);
' "$pkg/keyport_bg.wasm"
log "built: $site and $ROOT/target/keyport ($server_dir)"
