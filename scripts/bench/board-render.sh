#!/usr/bin/env bash
# Prints how long the department board takes to show 1,000 tasks in headless Chromium,
# against a plain JavaScript list that fetches and draws the same rows in the same run
# (budget: at most 1.3 times the plain list). Release build of the app, debug server.
# Usage: scripts/bench/board-render.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh
ensure_browser
if [ "${1:-}" != "--no-build" ]; then
  ensure_app_toolchain
  build_app >/dev/null
fi
start_server
trap stop_server EXIT
(cd tests/e2e && npm ci --silent --no-audit --no-fund)
BELLHOP_E2E_URL="$server_url" node tests/e2e/bench/board-render.mjs
