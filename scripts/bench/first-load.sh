#!/usr/bin/env bash
# Prints the first-load transfer of the release build in two ways:
# 1. file sums — the sign-in app, which is what a device loads first (index.html, CSS,
#    JS and wasm), and each portal app that follows sign-in (one per section): each
#    file's gzip -9 size and the size of the brotli copy the build wrote beside it;
# 2. what a fresh headless Chromium really transfers on a signed-out visit to `/` and to
#    `/tasks`, as the server serves it (tests/e2e/bench/first-load.mjs).
# Budgets: the sign-in app 120 KB gzip and 120 KB on the wire for a visit to `/`; each
# portal app 450 KB gzip.
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
awk -v f="$first" -v fb="$first_br" 'BEGIN {
  printf "first load: gzip %d bytes = %.1f KB, brotli %d bytes = %.1f KB\n", f, f / 1024, fb, fb / 1024
}'
largest=0
largest_name=
app_dirs=()
for name in "${PORTAL_APPS[@]}"; do app_dirs+=("dist/$name-app"); done
for dir in dist "${app_dirs[@]}"; do
  echo "portal app ($dir): loaded after sign-in for its section's pages"
  measure "$dir"
  awk -v p="$total" -v pb="$total_br" 'BEGIN {
    printf "  total: gzip %d bytes = %.1f KB, brotli %d bytes = %.1f KB\n", p, p / 1024, pb, pb / 1024
  }'
  if [ "$total" -gt "$largest" ]; then
    largest=$total
    largest_name=$dir
  fi
done
awk -v p="$largest" -v n="$largest_name" 'BEGIN {
  printf "largest portal app: %s, gzip %d bytes = %.1f KB\n", n, p, p / 1024
}'

echo
start_server
trap stop_server EXIT
(cd tests/e2e && npm ci --silent --no-audit --no-fund)
BELLHOP_E2E_URL="$server_url" node tests/e2e/bench/first-load.mjs / /tasks
