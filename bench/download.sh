#!/usr/bin/env bash
# Download throughput on loopback: publishes a sparse file of SIZE_MIB (default 1024) with the
# real CLI, serves it with `keyport serve`, signs in as a demo customer and downloads it with
# curl, RUNS times (default 3). Prints MiB/s per run.
#   bench/download.sh                         # uses target/release/keyport (cargo build --release -p server)
#   KEYPORT_BIN=path/to/keyport SIZE_MIB=256 RUNS=5 bench/download.sh
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"

bin="${KEYPORT_BIN:-$CARGO_TARGET_DIR/release/keyport}"
[ -x "$bin" ] || die "no keyport binary at $bin (cargo build --release -p server, or set KEYPORT_BIN)"
size_mib="${SIZE_MIB:-1024}"
runs="${RUNS:-3}"
data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench.XXXXXX")"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

port="$(free_port)"
url="http://127.0.0.1:$port"
export KEYPORT_DATA_DIR="$data" KEYPORT_DEFAULT_ACCOUNT=demo RUST_LOG=warn
unset DATABASE_URL KEYPORT_STORAGE_DIR KEYPORT_S3_BUCKET

file="$data/bench-$size_mib.bin"
truncate -s "${size_mib}M" "$file"
"$bin" seed-demo >/dev/null
"$bin" release publish --account demo --product "Northwind Studio" --version 99.0.0 \
  --platform linux --arch x86_64 "$file" >/dev/null
rm -f "$file"
"$bin" serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
pid=$!
wait_healthy "$url" "$pid" "$data/server.log"

cookie="$(session_cookie owner@acme.example "$url")"
[ -n "$cookie" ] || die "could not sign in"
db="$data/keyport.db"
path="$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
f, p = c.execute("select f.id, r.product_id from release_files f join releases r on r.id = f.release_id where r.version = '99.0.0'").fetchone()
# Any active license of the owner's organization for the product will do; the server checks.
lic = c.execute("select l.id from licenses l join organizations o on o.id = l.organization_id where o.name = 'Acme Corp' and l.product_id = ? and l.status = 'active' and (l.expires_at is null or l.expires_at > datetime('now')) and (l.maintenance_expires_at is null or l.maintenance_expires_at > datetime('now'))", (p,)).fetchone()[0]
def uid(b): 
    import uuid
    return str(uuid.UUID(bytes=b)) if isinstance(b, bytes) else b
print(f"/downloads/{uid(lic)}/{uid(f)}")
PY
)"
echo "downloading ${size_mib} MiB from $url$path, $runs runs"
for i in $(seq "$runs"); do
  curl -fsS -H "Cookie: $cookie" -o /dev/null -w "%{size_download} %{time_total}\n" "$url$path" |
    awk -v i="$i" '{ printf "run %d: %.0f MiB/s (%.2f s)\n", i, $1 / 1048576 / $2, $2 }'
done
