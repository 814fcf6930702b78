#!/usr/bin/env bash
# Prints the first-load transfer of the release build — the sign-in app, which is what
# a device loads first: index.html, CSS, JS and wasm, each gzip -9 as served — and the
# same for the portal that follows sign-in. Budget for the first load: 170 KB (aim 120 KB).
# Usage: scripts/bench/first-load.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
if [ "${1:-}" != "--no-build" ]; then
  ensure_app_toolchain
  build_app >/dev/null
fi

# Prints the gzip -9 size of each of a page's files, and leaves their sum in $total.
measure() {
  local dir=$1 raw zipped
  total=0
  for file in "$dir"/index.html "$dir"/*.css "$dir"/*.js "$dir"/*.wasm; do
    [ -f "$file" ] || continue
    raw=$(wc -c <"$file")
    zipped=$(gzip -9 -c "$file" | wc -c)
    total=$((total + zipped))
    printf '  %-44s %10d %10d\n' "${file#"$dir"/}" "$raw" "$zipped"
  done
}

printf '%-46s %10s %10s\n' file bytes gzip
echo "sign-in app (dist/signin-app): what a device loads first"
measure dist/signin-app
first=$total
echo "portal (dist): fetched into the cache while the person signs in"
measure dist
portal=$total
awk -v f="$first" -v p="$portal" 'BEGIN {
  printf "first load (gzip): %d bytes = %.1f KB\n", f, f / 1024
  printf "portal after sign-in (gzip): %d bytes = %.1f KB\n", p, p / 1024
}'
