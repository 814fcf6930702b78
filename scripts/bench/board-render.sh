#!/usr/bin/env bash
# Prints how long the department board takes to show 1,000 tasks in headless Chromium,
# against a plain JavaScript list that fetches and draws the same rows in the same run
# (budget: at most 1.3 times the plain list). Release build of the app, debug server.
# With --rooms, the room board of 1,000 rooms against a plain grid instead (what
# scripts/bench/room-board-render.sh runs).
# Usage: scripts/bench/board-render.sh [--no-build] [--rooms]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=yes
bench=board-render
for arg in "$@"; do
  case $arg in
    --no-build) build=no ;;
    --rooms) bench=room-board-render ;;
    *) echo "usage: $0 [--no-build] [--rooms]" >&2; exit 2 ;;
  esac
done
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh
ensure_browser
if [ "$build" = yes ]; then
  ensure_app_toolchain
  build_app >/dev/null
fi
start_server
trap stop_server EXIT
(cd tests/e2e && npm ci --silent --no-audit --no-fund)
BELLHOP_E2E_URL="$server_url" node "tests/e2e/bench/$bench.mjs"
