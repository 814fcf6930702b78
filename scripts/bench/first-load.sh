#!/usr/bin/env bash
# Prints the first-load transfer of the release build in two ways:
# 1. file sums — the sign-in app, which is what a device loads first (index.html, CSS,
#    JS and wasm), and the portal that follows sign-in: each file's gzip -9 size and the
#    size of the brotli copy the build wrote beside it;
# 2. what a fresh headless Chromium really transfers on a signed-out visit to `/` and to
#    `/tasks`, as the server serves it (tests/e2e/bench/first-load.mjs).
# Budget for the first load: 170 KB gzip; 120 KB on the wire for a visit to `/`.
# Usage: scripts/bench/first-load.sh [--no-build]
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

# Prints the size, gzip -9 size and brotli copy's size of each of a page's files, and
# leaves their sums in $total (gzip) and $total_br.
measure() {
  local dir=$1 raw zipped br
  total=0
  total_br=0
  for file in "$dir"/index.html "$dir"/*.css "$dir"/*.js "$dir"/*.wasm; do
    [ -f "$file" ] || continue
    raw=$(wc -c <"$file")
    zipped=$(gzip -9 -c "$file" | wc -c)
    br=$(wc -c <"$file.br")
    total=$((total + zipped))
    total_br=$((total_br + br))
    printf '  %-44s %10d %10d %10d\n' "${file#"$dir"/}" "$raw" "$zipped" "$br"
  done
}

printf '%-46s %10s %10s %10s\n' file bytes gzip brotli
echo "sign-in app (dist/signin-app): what a device loads first"
measure dist/signin-app
first=$total
first_br=$total_br
echo "portal (dist): loaded after sign-in"
measure dist
awk -v f="$first" -v fb="$first_br" -v p="$total" -v pb="$total_br" 'BEGIN {
  printf "first load: gzip %d bytes = %.1f KB, brotli %d bytes = %.1f KB\n", f, f / 1024, fb, fb / 1024
  printf "portal after sign-in: gzip %d bytes = %.1f KB, brotli %d bytes = %.1f KB\n", p, p / 1024, pb, pb / 1024
}'

echo
start_server
trap stop_server EXIT
(cd tests/e2e && npm ci --silent --no-audit --no-fund)
BELLHOP_E2E_URL="$server_url" node tests/e2e/bench/first-load.mjs / /tasks
