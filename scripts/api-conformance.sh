#!/usr/bin/env bash
# The licensing API against its own OpenAPI document: schemathesis (PyPI) sends a few hundred
# generated requests per operation (valid and deliberately invalid) to a freshly seeded
# `keyport serve` and fails on any 5xx, any answer the document does not describe (status,
# content type, body schema, headers), and any request the document forbids that the API
# accepts anyway.
#   scripts/api-conformance.sh [path/to/keyport]     (default: the debug build)
#   EXAMPLES=500 scripts/api-conformance.sh          (generated cases per operation; 200)
# Real data makes the requests reach the API's rules instead of 404s: a license created for
# the run, a machine activated on it, and the product's id are written into the document as
# examples of the request bodies and path parameters (the served document is otherwise used
# as is). The API's rate limits are raised for the run: every request comes from one IP.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

bin="${1:-$CARGO_TARGET_DIR/debug/keyport}"
[ -x "$bin" ] || die "no keyport binary at $bin (cargo build -p server --bin keyport)"
st_python="$HOME/.cache/keyport/schemathesis/bin/python"
[ -x "$st_python" ] || die "schemathesis is not installed (scripts/setup.sh installs it)"
examples="${EXAMPLES:-200}"

data="$(mktemp -d "${TMPDIR:-/tmp}/keyport-api.XXXXXX")"
port="$(free_port)"
url="http://127.0.0.1:$port"
export KEYPORT_DATA_DIR="$data" KEYPORT_DEFAULT_ACCOUNT=demo RUST_LOG=warn
export KEYPORT_API_RATE_PER_IP=100000000 KEYPORT_API_RATE_PER_KEY=100000000
unset DATABASE_URL KEYPORT_BASE_DOMAIN KEYPORT_MASTER_KEY
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

"$bin" seed-demo >/dev/null
"$bin" license create --account demo --product "Northwind Studio" --organization "Acme Corp" \
  >"$data/license.json"
"$bin" serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
pid=$!
wait_healthy "$url" "$pid" "$data/server.log"

# The examples: a machine activated for the run, and the data it needs.
"$st_python" - "$url" "$data/license.json" "$data/openapi.json" <<'PY'
import hashlib, json, sys, urllib.request

url, license_file, out = sys.argv[1:]
lic = json.load(open(license_file))
def call(method, path, body=None):
    req = urllib.request.Request(url + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as res:
        return json.load(res)
fingerprint = hashlib.sha256(b"api-conformance").hexdigest()
machine = {"license_key": lic["key"], "fingerprint": fingerprint}
activated = call("POST", "/api/v1/activations",
                 {**machine, "hostname": "api-conformance", "os": "linux"})
doc = call("GET", "/api/v1/openapi.json")
bodies = {
    "/api/v1/activations": {**machine, "hostname": "build-07", "os": "Linux 6.8",
                            "app_version": "4.2.1"},
    "/api/v1/licenses/validate": machine,
    "/api/v1/activations/{id}/heartbeat": machine,
    "/api/v1/activations/{id}/deactivate": {"license_key": lic["key"]},
}
ids = {
    "/api/v1/activations/{id}/heartbeat": activated["activation_id"],
    "/api/v1/activations/{id}/deactivate": activated["activation_id"],
    "/api/v1/products/{id}/public-key": lic["product_id"],
}
for path, ops in doc["paths"].items():
    for op in ops.values():
        for param in op.get("parameters", []):
            if param["name"] == "id" and path in ids:
                param["example"] = ids[path]
        if path in bodies:
            op["requestBody"]["content"]["application/json"]["example"] = bodies[path]
json.dump(doc, open(out, "w"), indent=1)
PY

# A request the schema allows may still be refused for what no schema can say, and the
# document says so in each 400's description: a `client_pub` that is not a usable Ed25519 key
# (not a point, or of small order), a host name with an invisible or direction-changing
# character, a `proof` that is not a valid signed deactivation request. For those two
# operations 400 is an expected answer to schema-valid data; everywhere else it is a finding.
cat >"$data/schemathesis.toml" <<'TOML'
[[operations]]
include-path = "/api/v1/activations"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "403", "404", "409", "429"]

[[operations]]
include-path = "/api/v1/activations/{id}/deactivate"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "404", "409", "429"]
TOML

status=0
(cd "$data" && "$st_python" -m schemathesis.cli --config-file "$data/schemathesis.toml" \
  run "$data/openapi.json" --url "$url" \
  --checks all --max-examples "$examples" --seed 20261204 --no-color \
  --suppress-health-check too_slow) || status=$?
if grep -E ' (ERROR|WARN) ' "$data/server.log" | grep -v 'Refused a cross-site' >/dev/null; then
  echo "---- errors the server logged during the run ----"
  grep -E ' (ERROR|WARN) ' "$data/server.log" | head -20
fi
exit "$status"
