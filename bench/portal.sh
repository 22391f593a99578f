#!/usr/bin/env bash
# The portal at a real vendor's size (issue 13): a release `keyport serve` on loopback, the demo
# account grown by `keyport seed-scale` (Acme Corp: 100,000 licenses, 1,000,000 activations, one
# license with 1,000 machines, 5,000 users), every page of the list below driven by wrk in one
# run, on SQLite and, with BENCH_PG, on a fresh PostgreSQL database.
#   bench/portal.sh
#   BENCH_PG=postgres://postgres@127.0.0.1:5432/test bench/portal.sh
#   BENCH_SQLITE=0 BENCH_PG=... bench/portal.sh             # PostgreSQL only
#   LICENSES=1000 ACTIVATIONS=10000 bench/portal.sh      # the same pages, small (the 20% target)
#   KEYPORT_BIN=path/to/keyport DURATION=5s CONNECTIONS=32 bench/portal.sh
# Prints one line per request: req/s, p50, p99, req/s as a share of /healthz's, the page alone,
# and SQL statements per request (the server counts them: --count-statements). Needs a
# release build (cargo build --release -p server) and wrk (installed from Debian if missing).
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"

bin="${KEYPORT_BIN:-$CARGO_TARGET_DIR/release/keyport}"
[ -x "$bin" ] || die "no keyport binary at $bin (cargo build --release -p server, or set KEYPORT_BIN)"
duration="${DURATION:-5s}"
connections="${CONNECTIONS:-32}"
licenses="${LICENSES:-100000}"
activations="${ACTIVATIONS:-1000000}"
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt)"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y --no-install-recommends wrk >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends wrk >/dev/null; }
  else sudo apt-get install -y --no-install-recommends wrk >/dev/null; fi
fi

# quiet URL: waits until the server has finished what the last run left queued (its statement
# count stops moving for half a second).
quiet() {
  local a b
  a="$(curl -fsS "$1/__keyport/statements")"
  while sleep 0.5; b="$(curl -fsS "$1/__keyport/statements")"; [ "$a" != "$b" ]; do a="$b"; done
}

# drive LABEL URL PATH [COOKIE [LUA]]: the page alone (after one request that waits out what
# the run before left queued), then one wrk run; prints its line of the table. A page slower
# than the run itself shows 0 req/s: none of its requests finished in time.
drive() {
  local label="$1" url="$2" path="$3" cookie="${4:-}" lua="${5:-}" out rps p50 p99 share alone sql
  local one=(-s -o /dev/null --max-time 300 -w '%{time_total}')
  [ -n "$cookie" ] && one+=(-H "Cookie: $cookie")
  [ -n "$lua" ] && one+=(-X POST -H 'Accept: application/json' \
    -H 'Content-Type: application/x-www-form-urlencoded' --data '')
  # The first waits out what the run before left queued; the second is the page alone.
  quiet "$url"
  curl "${one[@]}" "$url$path" >/dev/null
  alone="$(curl "${one[@]}" "$url$path" | awk '{ printf "%.1f ms", $1 * 1000 }')"
  # SQL statements per request: the server's count (--count-statements) across 5 requests.
  local before after
  quiet "$url"
  before="$(curl -fsS "$url/__keyport/statements")"
  for _ in 1 2 3 4 5; do curl "${one[@]}" "$url$path" >/dev/null; done
  after="$(curl -fsS "$url/__keyport/statements")"
  sql="$(( (after - before) / 5 ))"
  local args=(-t2 -c"$connections" -d"$duration" --timeout 10s --latency)
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  [ -n "$lua" ] && args+=(-s "$lua")
  out="$(wrk "${args[@]}" "$url$path")"
  rps="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")"
  p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
  if grep -q 'Non-2xx' <<<"$out"; then rps="$rps ($(awk '/Non-2xx/ { print $NF }' <<<"$out") not 2xx)"; fi
  [ -z "${healthz_rps:-}" ] && healthz_rps="${rps%% *}"
  share="$(awk -v a="${rps%% *}" -v b="$healthz_rps" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
  printf '| %-44s | %18s | %9s | %9s | %7s | %10s | %7s |\n' "$label" "$rps" "$p50" "$p99" "$share" \
    "$alone" "$sql"
}

run_one() {
  local label="$1" database_url="$2"
  local data pid port url made big deep owner admin rss
  data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-portal.XXXXXX")"
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  export KEYPORT_DATA_DIR="$data" KEYPORT_DEFAULT_ACCOUNT=demo RUST_LOG=warn
  export KEYPORT_SITE_ROOT="$ROOT/target/site" KEYPORT_COUNT_STATEMENTS=true
  if [ -n "$database_url" ]; then export DATABASE_URL="$database_url"; else unset DATABASE_URL; fi
  "$bin" seed-demo >/dev/null
  made="$("$bin" seed-scale --licenses "$licenses" --activations "$activations")"
  big="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["big_license_id"])' "$made")"
  deep="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["deep_cursor"])' "$made")"
  "$bin" serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
  pid=$!
  # shellcheck disable=SC2064 # expand now: these are this run's
  trap "kill $pid 2>/dev/null; rm -rf '$data'" RETURN
  wait_healthy "$url" "$pid" "$data/server.log"
  owner="$(session_cookie owner@acme.example "$url")"
  member="$(session_cookie member@acme.example "$url")"
  admin="$(session_cookie admin@vendor.example "$url")"
  [ -n "$owner" ] && [ -n "$member" ] && [ -n "$admin" ] \
    || { tail -20 "$data/server.log"; die "could not sign in"; }
  cat >"$data/list.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.body = ""
LUA

  printf '\n## %s: %s (wrk 2 threads, %s connections, %s each)\n\n' "$label" \
    "$(python3 - "$made" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
print("{:,} licenses in Acme Corp, {:,} activations, {:,} more users, seeded in {} s".format(
    d["licenses_in_organization"], d["activations"], d["users"], d["seconds"]))
PY
)" "$connections" "$duration"
  printf '| %-44s | %18s | %9s | %9s | %7s | %10s | %7s |\n' request req/s p50 p99 "vs /healthz" \
    alone "SQL/req"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..20})" \
    "-----------" "-----------" "---------" "------------" "---------"
  healthz_rps=""
  drive "GET /healthz, no cookie" "$url" /healthz
  drive "GET /healthz with a session" "$url" /healthz "$owner"
  drive "GET /login, signed out" "$url" /login
  drive "GET /licenses, first page (Owner)" "$url" /licenses "$owner"
  drive "GET /licenses?after=..., deep page (Owner)" "$url" "/licenses?after=$deep" "$owner"
  drive "GET / (Owner dashboard)" "$url" / "$owner"
  drive "GET /licenses/{id}, 1,000 machines" "$url" "/licenses/$big" "$owner"
  drive "GET /org/users" "$url" /org/users "$owner"
  drive "GET /org/groups" "$url" /org/groups "$owner"
  drive "GET /licenses (a member, 13 of 100,000)" "$url" /licenses "$member"
  drive "GET / (a member's dashboard)" "$url" / "$member"
  drive "GET /releases (Owner)" "$url" /releases "$owner"
  drive "POST /rpc/list_licenses (Owner)" "$url" /rpc/list_licenses "$owner" "$data/list.lua"
  drive "GET /vendor/licenses (vendor admin)" "$url" /vendor/licenses "$admin"
  drive "GET /vendor (vendor dashboard)" "$url" /vendor "$admin"
  # Resident memory at 64 connections on /licenses: the peak, sampled while wrk runs.
  local peak=0 now_kib sampler
  (
    while kill -0 "$pid" 2>/dev/null; do
      awk '/VmRSS/ { print $2 }' "/proc/$pid/status"
      sleep 0.2
    done
  ) >"$data/rss" &
  sampler=$!
  wrk -t2 -c64 -d"$duration" --timeout 10s -H "Cookie: $owner" "$url/licenses" >/dev/null
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  while read -r now_kib; do [ "$now_kib" -gt "$peak" ] && peak="$now_kib"; done <"$data/rss"
  rss="$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")"
  printf '\nresident memory of keyport serve: peak %s MiB at 64 connections on /licenses, %s MiB after the run\n' \
    "$((peak / 1024))" "$((rss / 1024))"
}

[ "${BENCH_SQLITE:-1}" = 0 ] || run_one "SQLite" ""
if [ -n "${BENCH_PG:-}" ]; then
  name="keyport_portal_$(date +%s)"
  psql "$BENCH_PG" -qc "CREATE DATABASE $name" >/dev/null
  run_one "PostgreSQL" "${BENCH_PG%/*}/$name"
  psql "$BENCH_PG" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null
fi
