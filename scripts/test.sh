#!/usr/bin/env bash
# Every check of the project, as CI runs it (`.ci/run`):
#   setup, rustfmt, clippy per package, the Rust tests on SQLite and (when it answers) on
#   PostgreSQL, the WASM + server build, and the Playwright suite against a freshly seeded server.
#   PostgreSQL that does not answer is skipped with a note, unless TEST_DATABASE_URL is set in
#   the environment: then it fails the run.
# Ends with `summary: N passed, N failed`; exits non-zero when any step failed.
#   scripts/test.sh       everything
#   scripts/test.sh e2e   only setup, build and the Playwright suite
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
passed=0
failed=0
report=()
run_started=$SECONDS

# step NAME COMMAND...: runs COMMAND with errexit in a subshell, times it, records the outcome
# in `passed`/`failed` and `step_ok` (1 or 0). Always returns 0, so the run goes on and no caller
# puts the step in a context where bash ignores errexit.
step_ok=0
step() {
  local name="$1"; shift
  local started=$SECONDS rc
  printf '\n==> step: %s\n' "$name"
  set +e
  (set -euo pipefail; "$@")
  rc=$?
  set -e
  local took=$((SECONDS - started))
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1)); step_ok=1; report+=("ok     ${took}s  $name")
    printf '==> ok: %s (%ss)\n' "$name" "$took"
  else
    failed=$((failed + 1)); step_ok=0; report+=("FAILED ${took}s  $name")
    printf '==> FAILED: %s (%ss, exit %s)\n' "$name" "$took" "$rc"
  fi
}

# skip NAME REASON: a step that could not run counts as failed.
skip() {
  failed=$((failed + 1)); report+=("FAILED 0s  $1 (not run: $2)")
  printf '\n==> FAILED: %s (not run: %s)\n' "$1" "$2"
}

postgres_answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -d "$PG_URL"
  elif command -v psql >/dev/null; then
    psql "$PG_URL" -qtAc 'select 1' >/dev/null 2>&1
  else
    return 1
  fi
}

e2e_cleanup() {
  if [ -n "${e2e_server_pid:-}" ] && kill -0 "$e2e_server_pid" 2>/dev/null; then
    kill "$e2e_server_pid"
    wait "$e2e_server_pid" 2>/dev/null || true
  fi
  rm -rf "${e2e_data:-}"
}

# Runs in the subshell of its step; the EXIT trap stops the server and removes its data.
e2e() {
  # This tree's binary, copied by scripts/build.sh (the shared target dir may hold another's).
  local keyport="$ROOT/target/keyport"
  local port
  # Globals, not locals: the EXIT trap runs after this function has returned.
  e2e_server_pid=""
  e2e_data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-e2e.XXXXXX")"
  trap e2e_cleanup EXIT
  local data="$e2e_data"
  port="$(free_port)"

  local url="http://127.0.0.1:$port"
  export KEYPORT_DATA_DIR="$data" KEYPORT_ADDR="127.0.0.1:$port" KEYPORT_PUBLIC_URL="$url"
  export KEYPORT_SITE_ROOT="$ROOT/target/site" KEYPORT_DEFAULT_ACCOUNT=demo
  unset DATABASE_URL KEYPORT_BASE_DOMAIN KEYPORT_MASTER_KEY
  "$keyport" seed-demo
  "$keyport" serve >"$data/server.log" 2>&1 &
  e2e_server_pid=$!

  wait_healthy "$url" "$e2e_server_pid" "$data/server.log"
  echo "keyport serve is up at $url (data in $data)"

  # The report is kept so that, after the server log, the names of the failed tests come last:
  # the end of a long run's output is what a reader sees first.
  # (pipefail: the pipeline fails when Playwright does.)
  if ! (cd "$ROOT/end2end" && KEYPORT_E2E_BASE_URL="$url" "$NODE_BIN/playwright" test) 2>&1 \
    | tee "$data/playwright.log"; then
    echo "---- last lines of the server log ----"
    tail -n 50 "$data/server.log"
    echo "---- Playwright's summary ----"
    sed -n '/^ *[0-9]* failed/,$p' "$data/playwright.log" | head -n 40
    return 1
  fi
  # Browsers report what a page's Content-Security-Policy refused to /csp-report, which the
  # server logs; the no-js project can listen for nothing else. Refused framing is what
  # security.spec.ts asks for on purpose.
  local violations
  violations="$(grep 'Content-Security-Policy violation' "$data/server.log" \
    | grep -v 'directive=frame-ancestors' || true)"
  if [ -n "$violations" ]; then
    echo "---- Content-Security-Policy violations reported during the run ----"
    echo "$violations"
    return 1
  fi
}

# The SDK's tests, including the round trip through `keyport serve`: a private copy of the
# binary, because other worktrees share the target directory and may rebuild it meanwhile.
sdk_tests() {
  cargo build -p server --bin keyport
  local bin_dir
  bin_dir="$(mktemp -d "${TMPDIR:-/tmp}/keyport-bin.XXXXXX")"
  cp "$CARGO_TARGET_DIR/debug/keyport" "$bin_dir/keyport"
  KEYPORT_BIN="$bin_dir/keyport" cargo test -p sdk --features cli
  rm -rf "$bin_dir"
}

# The licensing API fuzzed against its OpenAPI document (schemathesis), on a private copy of
# the debug binary for the same reason.
api_conformance() {
  cargo build -p server --bin keyport
  local bin_dir
  bin_dir="$(mktemp -d "${TMPDIR:-/tmp}/keyport-bin.XXXXXX")"
  cp "$CARGO_TARGET_DIR/debug/keyport" "$bin_dir/keyport"
  "$ROOT/scripts/api-conformance.sh" "$bin_dir/keyport"
  rm -rf "$bin_dir"
}

only="${1:-all}"
case "$only" in all | e2e) ;; *) die "usage: scripts/test.sh [e2e]" ;; esac

step "setup" "$ROOT/scripts/setup.sh"
if [ "$step_ok" -ne 1 ]; then echo "summary: $passed passed, $failed failed"; exit 1; fi

if [ "$only" = all ]; then
  step "cargo fmt --check" cargo fmt --all --check
  # Per package, never --workspace: the ssr and hydrate features must not meet in one build.
  step "clippy sdk" cargo clippy -p sdk --all-targets --features cli -- -D warnings
  step "clippy service" cargo clippy -p service --all-targets --features testing -- -D warnings
  step "clippy server" cargo clippy -p server --all-targets -- -D warnings
  step "clippy wasm-split (build tool)" cargo clippy -p wasm-split -- -D warnings
  step "clippy frontend (wasm32)" \
    cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
  step "test service (SQLite)" env -u TEST_DATABASE_URL cargo test -p service --features testing
  # With the server, so that `app` is built with `ssr` as the server builds it (its unit tests:
  # dates, escaping, the pager).
  step "test server + app (SQLite)" env -u TEST_DATABASE_URL cargo test -p server -p app
  step "test sdk + keyport-activate (round trip with keyport serve)" sdk_tests
  step "API conformance (schemathesis against /api/v1/openapi.json)" api_conformance
  if postgres_answers; then
    echo "PostgreSQL answers at $PG_URL: running the Rust tests on it too"
    step "test service (PostgreSQL)" \
      env TEST_DATABASE_URL="$PG_URL" cargo test -p service --features testing
    step "test server (PostgreSQL)" env TEST_DATABASE_URL="$PG_URL" cargo test -p server
  elif [ -n "${TEST_DATABASE_URL:-}" ]; then
    # Asked for explicitly (CI sets it): a database that does not answer is a failure, never
    # a silent skip.
    skip "Rust tests on PostgreSQL" "TEST_DATABASE_URL is set but nothing answers at $PG_URL"
  else
    printf '\n==> NOTE: PostgreSQL does not answer at %s: the PostgreSQL test runs are SKIPPED\n' \
      "$PG_URL"
    report+=("SKIPPED    Rust tests on PostgreSQL (nothing answers at $PG_URL)")
  fi
fi

step "build (WASM wasm-release + server)" "$ROOT/scripts/build.sh"
if [ "$step_ok" -eq 1 ]; then
  step "end-to-end (Playwright: no-js + hydrated)" e2e
else
  skip "end-to-end (Playwright: no-js + hydrated)" "the build failed"
fi

printf '\n==> steps (total %ss)\n' "$((SECONDS - run_started))"
printf '  %s\n' "${report[@]}"
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
