#!/usr/bin/env bash
# Starts the server (debug build) on a free port over a fresh SQLite database with the
# demo hotel and the built app, runs the browser tests against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

start_server
trap stop_server EXIT
(cd tests/e2e && npm ci --silent --no-audit --no-fund)
cd tests/e2e
BELLHOP_E2E_URL="$server_url" npm test --silent
