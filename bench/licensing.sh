#!/usr/bin/env bash
# Online activations and validations per second against a release `keyport serve` on loopback,
# with latency percentiles, on SQLite (default) and on PostgreSQL when DATABASE_URL names one.
#   bench/licensing.sh                      # SQLite in a temporary data directory
#   BENCH_PG=postgres://postgres@127.0.0.1:5432/test bench/licensing.sh   # also PostgreSQL
#   KEYPORT_BIN=path/to/keyport DURATION=10s CONNECTIONS=32 bench/licensing.sh
#   KEYPORT_HOST_CACHE_SECS=0 bench/licensing.sh       # measure without the Host -> account cache
#   KEYPORT_SQLITE_WRITE_QUEUE=0 bench/licensing.sh    # measure SQLite's busy handler instead of the queue
# Needs a release build (cargo build --release -p server) and wrk (installed from Debian if
# missing). Every activation uses a fresh fingerprint, so each one takes a seat of an
# unlimited license; validations repeat one activated machine. The API's rate limits are
# raised for the run (they are per IP, and wrk is one IP).
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"

bin="${KEYPORT_BIN:-$CARGO_TARGET_DIR/release/keyport}"
[ -x "$bin" ] || die "no keyport binary at $bin (cargo build --release -p server, or set KEYPORT_BIN)"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt)"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y --no-install-recommends wrk >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends wrk >/dev/null; }
  else sudo apt-get install -y --no-install-recommends wrk >/dev/null; fi
fi
here="$(cd "$(dirname "$0")" && pwd)"

# run_one LABEL DATABASE_URL: seeds, serves, activates and validates; prints wrk's summary.
run_one() {
  local label="$1" database_url="$2"
  local data pid port url key fingerprint
  data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench.XXXXXX")"
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  export KEYPORT_DATA_DIR="$data" KEYPORT_DEFAULT_ACCOUNT=demo RUST_LOG=warn
  export KEYPORT_API_RATE_PER_IP=100000000 KEYPORT_API_RATE_PER_KEY=100000000
  if [ -n "$database_url" ]; then export DATABASE_URL="$database_url"; else unset DATABASE_URL; fi
  "$bin" seed-demo >/dev/null
  key="$("$bin" license create --account demo --product "Northwind Studio" \
    --organization "Acme Corp" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
  "$bin" serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
  pid=$!
  # shellcheck disable=SC2064 # expand now: these are this run's
  trap "kill $pid 2>/dev/null; rm -rf '$data'" RETURN
  wait_healthy "$url" "$pid" "$data/server.log"

  fingerprint="$(printf 'bench-validate' | sha256sum | cut -d' ' -f1)"
  curl -fsS -o /dev/null -H 'Content-Type: application/json' "$url/api/v1/activations" \
    -d "{\"license_key\":\"$key\",\"fingerprint\":\"$fingerprint\",\"hostname\":\"bench\",\"os\":\"linux\"}"

  printf '\n## %s: online activations (%s, %s connections, 2 threads)\n' "$label" "$duration" "$connections"
  KEY="$key" wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/wrk/activate.lua" "$url" \
    | grep -E 'Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx'
  printf '\n## %s: validations (%s, %s connections, 2 threads)\n' "$label" "$duration" "$connections"
  KEY="$key" FINGERPRINT="$fingerprint" wrk -t2 -c"$connections" -d"$duration" --latency \
    -s "$here/wrk/validate.lua" "$url" \
    | grep -E 'Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx'
}

run_one "SQLite" ""
if [ -n "${BENCH_PG:-}" ]; then
  # A fresh database for the run, dropped afterwards.
  name="keyport_bench_$(date +%s)"
  psql "$BENCH_PG" -qc "CREATE DATABASE $name" >/dev/null
  run_one "PostgreSQL" "${BENCH_PG%/*}/$name"
  psql "$BENCH_PG" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null
fi
