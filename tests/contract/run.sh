#!/usr/bin/env bash
# The OpenAPI contract test: starts the server (debug build) on a fresh SQLite database
# with the demo hotel and runs schemathesis with every check against the document the
# server serves, as the demo admin. Bounded in examples per operation and in time.
# Exclusions and their reasons are in the README's test section.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

ensure_schemathesis
finish() {
  # The server's own account of any fault, printed before its folder goes.
  grep -aE "ERROR|panicked" "$server_dir/server.log" | tail -n 20 || true
  stop_server
}
start_server
trap finish EXIT

export BELLHOP_CONTRACT_URL=$server_url
export SCHEMATHESIS_HOOKS=hooks
PYTHONPATH=$PWD/tests/contract "$SCHEMATHESIS" --config-file tests/contract/schemathesis.toml \
  run "$server_url/api/openapi.json" \
  --checks all \
  --workers 2 \
  --max-examples "${BELLHOP_CONTRACT_EXAMPLES:-10}" \
  --max-time "${BELLHOP_CONTRACT_SECONDS:-150}" \
  --seed "${BELLHOP_CONTRACT_SEED:-1}" \
  --generation-database none \
  --no-color \
  "$@"
