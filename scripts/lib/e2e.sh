#!/usr/bin/env bash
# Starts the server (debug build) on a free port over a fresh SQLite database with the
# demo hotel and the built app, runs the browser tests against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --locked --quiet -p bellhop-server
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
BELLHOP_BIND=127.0.0.1:0 \
  BELLHOP_DATABASE_URL="sqlite://$work/bellhop.db" \
  BELLHOP_STATIC_DIR="$PWD/dist" \
  BELLHOP_HASH_MEMORY_KIB=1024 \
  target/debug/bellhop-server >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  url=$(sed -n 's/^Bellhop is running at \(http[^ ]*\).*/\1/p' "$work/server.log")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "the server did not start"; cat "$work/server.log"; exit 1; }

(cd tests/e2e && npm ci --silent --no-audit --no-fund)
cd tests/e2e
BELLHOP_E2E_URL="$url" npm test --silent
