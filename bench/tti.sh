#!/usr/bin/env bash
# Time to interactive (issue 14, item 5): how long a cold load of a portal page takes from the
# navigation start until it has hydrated, in Debian's Chromium through Playwright
# (bench/tti.mjs), unthrottled and with Lighthouse's mobile throttling (4x CPU, 1.6 Mbit/s
# down, 750 kbit/s up, 150 ms round trip). Pages: `/` and `/licenses` as a customer (Max
# Member, a plain member of Acme Corp), `/login` signed out and `/vendor` as the vendor admin.
#   bench/tti.sh                      # target/keyport and target/site (scripts/build.sh)
#   RUNS=3 bench/tti.sh               # fewer loads (default 10; medians are reported)
#   VERBOSE=1 bench/tti.sh            # also every load's figures, as JSON lines on stderr
#   KEYPORT_BIN=path/to/keyport SITE_ROOT=path/to/site bench/tti.sh
# Prints one line per page and condition: hydrated (median, min-max: `<html
# data-hydrated="true">` set and every WASM module instantiated), the marker alone, first
# contentful paint, time to first byte, and the WASM and all bytes transferred. A benchmark,
# not a test: it fails only when a page does not hydrate. Needs scripts/setup.sh's Playwright
# (end2end/node_modules) and /usr/bin/chromium (or KEYPORT_E2E_CHROMIUM). On a busy machine the
# figures mean little: it prints the load average before and after.
set -euo pipefail
# shellcheck source=../scripts/lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/../scripts/lib.sh"

# This tree's build, as scripts/test.sh's e2e uses it (the shared target dir may hold another's).
bin="${KEYPORT_BIN:-$ROOT/target/keyport}"
site="${SITE_ROOT:-$ROOT/target/site}"
runs="${RUNS:-10}"
chromium="${KEYPORT_E2E_CHROMIUM:-/usr/bin/chromium}"
[ -x "$bin" ] || die "no keyport binary at $bin (scripts/build.sh, or set KEYPORT_BIN)"
# The bundle: pkg/<build id>, named by pkg/current, or a flat pkg/ from before builds had
# their own directory.
bundle="$site/pkg"
if [ -f "$site/pkg/current" ]; then bundle="$site/pkg/$(tr -d '[:space:]' <"$site/pkg/current")"; fi
if [ ! -f "$bundle/keyport.js" ] || [ ! -f "$bundle/keyport_bg.wasm" ]; then
  die "no WASM bundle in $bundle (scripts/build.sh, or set SITE_ROOT)"
fi
[ -x "$chromium" ] || die "no Chromium at $chromium (apt-get install chromium, or set KEYPORT_E2E_CHROMIUM)"
[ -d "$ROOT/end2end/node_modules/playwright-core" ] \
  || die "Playwright is missing from end2end/node_modules (run scripts/setup.sh)"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"

data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-tti.XXXXXX")"
pid=""
node_pid=""
cleanup() {
  local p
  for p in "$node_pid" "$pid"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill "$p"
      wait "$p" 2>/dev/null || true
    fi
  done
  rm -rf "$data"
}
trap cleanup EXIT
# Without these bash would die of the signal without running the EXIT trap. (It runs a trap
# only between commands: the benchmark runs in the background, and `wait` is interrupted.)
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(free_port)"
url="http://127.0.0.1:$port"
export KEYPORT_DATA_DIR="$data" KEYPORT_ADDR="127.0.0.1:$port" KEYPORT_PUBLIC_URL="$url"
export KEYPORT_SITE_ROOT="$site" KEYPORT_DEFAULT_ACCOUNT=demo RUST_LOG=warn
unset DATABASE_URL KEYPORT_BASE_DOMAIN KEYPORT_MASTER_KEY
"$bin" seed-demo >/dev/null
"$bin" serve >"$data/server.log" 2>&1 &
pid=$!
wait_healthy "$url" "$pid" "$data/server.log"

member="$(session_cookie member@acme.example "$url")" || true
admin="$(session_cookie admin@vendor.example "$url")" || true
if [ -z "$member" ] || [ -z "$admin" ]; then
  tail -n 20 "$data/server.log"
  die "could not sign in"
fi

log "keyport serve at $url ($bin), bundle $bundle:"
# What the build put there: one keyport_bg.wasm, or with split routes also a module per lazy
# route group (split_*) and the pieces they share (chunk_*).
# total GLOB: the count and bytes of the bundle's files named GLOB.
total() { find "$bundle" -maxdepth 1 -type f -name "$1" -printf '%s\n' | awk '{ n++; t += $1 } END { print n + 0, t + 0 }'; }
for group in keyport.js keyport_bg.wasm 'split_*.wasm' 'chunk_*.wasm'; do
  read -r n raw < <(total "$group")
  read -r _ br < <(total "$group.br")
  if [ "$n" -gt 0 ]; then
    awk -v g="$group" -v n="$n" -v raw="$raw" -v br="$br" \
      'BEGIN { printf "    %-16s %3d file(s), %7.1f KiB raw, %7.1f KiB brotli\n", g, n, raw / 1024, br / 1024 }'
  fi
done
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
TTI_VERBOSE="${VERBOSE:-}" TTI_URL="$url" TTI_RUNS="$runs" TTI_MEMBER_COOKIE="$member" \
  TTI_ADMIN_COOKIE="$admin" KEYPORT_E2E_CHROMIUM="$chromium" node "$ROOT/bench/tti.mjs" &
node_pid=$!
if ! wait "$node_pid"; then
  node_pid=""
  printf -- '---- last lines of the server log ----\n'
  tail -n 30 "$data/server.log"
  exit 1
fi
node_pid=""
log "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
