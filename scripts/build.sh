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
# Each build's files go into pkg/<build id>, a hash of their contents, and pkg/current names
# the newest: every URL of a build is its own (cached for a year as immutable), and a page
# opened before a rebuild still finds its old modules (the last few builds are kept). Built
# in pkg.new first, so a running server never sees half a bundle.
stage="$site/pkg.new"
wasm_dir="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release"
cd "$ROOT"

log "building the WASM bundle (frontend, wasm-release)"
# Linked with --emit-relocs (.cargo/config.toml) for the splitter.
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
log "building the splitter (tools/wasm-split)"
cargo build -p wasm-split --release --bin keyport-wasm-split

version="$(wasm_bindgen_version)"
[ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $version" ] \
  || die "wasm-bindgen $version is required (run scripts/setup.sh)"
rm -rf "$stage"
mkdir -p "$stage"
log "splitting the WASM at its lazy routes"
# The main module goes to frontend_split.wasm; the route modules, their loader and the
# manifest the server preloads from go straight into the stage.
RAYON_NUM_THREADS=2 "$CARGO_TARGET_DIR/release/keyport-wasm-split" \
  "$wasm_dir/frontend.wasm" "$stage" "$wasm_dir/frontend_split.wasm" >/dev/null
log "wasm-bindgen $version"
# --keep-lld-exports: the route modules use the main module's function table and memory.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$stage" --out-name keyport "$wasm_dir/frontend_split.wasm"

# -O1 --converge, chosen by the compressed size (docs/wasm-size.md, 2026-12-05): -Oz made the
# modules smaller raw but 5-10% larger in gzip and brotli, which is what travels.
log "wasm-opt -O1 --converge on every module (binaryen from npm)"
[ -x "$NODE_BIN/wasm-opt" ] || die "wasm-opt is missing (run scripts/setup.sh)"
for module in "$stage"/*.wasm; do
  if ! "$NODE_BIN/wasm-opt" -O1 --converge --strip-debug --strip-producers "$module" \
    -o "$module.opt" 2>"$stage/wasm-opt.log"; then
    tail -n 20 "$stage/wasm-opt.log" >&2
    die "wasm-opt failed on $(basename "$module") (full log: $stage/wasm-opt.log)"
  fi
  mv "$module.opt" "$module"
done
rm -f "$stage/wasm-opt.log"

cp style/main.css "$stage/keyport.css"
log "checking the WASM budget (app/src/wasm-budget.txt)"
node "$ROOT/scripts/wasm-budget.mjs" "$stage" "$ROOT/app/src/wasm-budget.txt"
log "compressing (gzip, brotli) and installing the bundle"
node "$ROOT/scripts/precompress.mjs" "$stage"
build_id="$(cd "$stage" && find . -type f ! -name '*.gz' ! -name '*.br' -print0 | sort -z \
  | xargs -0 sha256sum | sha256sum | cut -c1-16)"
mkdir -p "$site/pkg"
# A flat pkg/ from before builds had their own directory.
find "$site/pkg" -maxdepth 1 -type f ! -name 'current' ! -name 'keyport.css*' -delete
rm -rf "${site:?}/pkg/$build_id"
mv "$stage" "$site/pkg/$build_id"
# The stylesheet of the pages the server writes by hand (refused, busy) has a fixed address.
cp "$site/pkg/$build_id"/keyport.css* "$site/pkg/"
printf '%s\n' "$build_id" >"$site/pkg/current.new"
mv -f "$site/pkg/current.new" "$site/pkg/current"
# Keep the newest four builds: a page opened before a deploy loads its route modules from
# its own build.
find "$site/pkg" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %f\n' | sort -rn | tail -n +5 \
  | while read -r _ old; do rm -rf "${site:?}/pkg/$old"; done
if [ -d public ] && [ -n "$(ls -A public)" ]; then cp -R public/. "$site/"; fi
log "installed build $build_id ($site/pkg/$build_id)"

log "building the server (${server_dir})"
cargo build -p server "${server_profile[@]}"
# The target directory is shared by every worktree on this machine (lib.sh), and another
# worktree's build may relink target/debug/keyport at any moment: keep this tree's binary.
install_binary "$CARGO_TARGET_DIR/$server_dir/keyport" "$ROOT/target/keyport"
# The SDK's CLI, which the Playwright suite runs as the offline machine.
log "building keyport-activate (${server_dir})"
cargo build -p sdk --features cli --bin keyport-activate "${server_profile[@]}"
install_binary "$CARGO_TARGET_DIR/$server_dir/keyport-activate" "$ROOT/target/keyport-activate"

log "built: $site and $ROOT/target/keyport ($server_dir)"
