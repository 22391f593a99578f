#!/usr/bin/env bash
# What serving costs on top of the page: a signed-in `/licenses` of the demo data over
# keep-alive connections, with TCP_NODELAY on (the default) and off, and over a new connection
# per request, printing wrk's latency percentiles. Shows the ~40 ms that Nagle's algorithm
# with delayed ACKs added to reused connections (issue 10, item 2).
#   bench/serving.sh
#   BENCH_PG=postgres://postgres@127.0.0.1:5432/test bench/serving.sh   # on a fresh PostgreSQL database
#   KEYPORT_BIN=path/to/keyport DURATION=10s bench/serving.sh
# Needs a release build (cargo build --release -p server) and wrk (installed from Debian if
# missing).
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"

bin="${KEYPORT_BIN:-$CARGO_TARGET_DIR/release/keyport}"
[ -x "$bin" ] || die "no keyport binary at $bin (cargo build --release -p server, or set KEYPORT_BIN)"
duration="${DURATION:-10s}"
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt)"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y --no-install-recommends wrk >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends wrk >/dev/null; }
  else sudo apt-get install -y --no-install-recommends wrk >/dev/null; fi
fi

data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench.XXXXXX")"
export KEYPORT_DATA_DIR="$data" KEYPORT_DEFAULT_ACCOUNT=demo RUST_LOG=warn
if [ -n "${BENCH_PG:-}" ]; then
  name="keyport_bench_$(date +%s)"
  psql "$BENCH_PG" -qc "CREATE DATABASE $name" >/dev/null
  export DATABASE_URL="${BENCH_PG%/*}/$name"
  trap 'rm -rf "$data"; psql "$BENCH_PG" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null' EXIT
  log "PostgreSQL database $name"
else
  unset DATABASE_URL
  trap 'rm -rf "$data"' EXIT
fi
"$bin" seed-demo >/dev/null

# serve NODELAY: starts a server, signs in as Acme's Owner; sets `url`, `cookie`, `pid`.
serve() {
  local port
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  KEYPORT_TCP_NODELAY="$1" KEYPORT_PUBLIC_URL="$url" "$bin" serve --addr "127.0.0.1:$port" \
    >>"$data/server.log" 2>&1 &
  pid=$!
  wait_healthy "$url" "$pid" "$data/server.log"
  cookie="$(session_cookie owner@acme.example "$url")"
  [ -n "$cookie" ] || die "could not sign in"
}

# measure LABEL CONNECTIONS [HEADER]: wrk on /licenses, printing rate and percentiles.
measure() {
  printf '\n## %s (%s connections, %s)\n' "$1" "$2" "$duration"
  wrk -t1 -c"$2" -d"$duration" --latency -H "Cookie: $cookie" -H 'Accept: text/html' \
    ${3:+-H "$3"} "$url/licenses" | grep -E 'Requests/sec|50%|75%|90%|99%|Non-2xx'
}

for nodelay in true false; do
  serve "$nodelay"
  measure "keep-alive, TCP_NODELAY=$nodelay" 1
  measure "keep-alive, TCP_NODELAY=$nodelay" 8
  measure "new connection per request, TCP_NODELAY=$nodelay" 1 "Connection: close"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
