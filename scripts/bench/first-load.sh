#!/usr/bin/env bash
# Prints the first-load transfer of the release build: index.html, CSS, JS and wasm,
# each gzip -9 as served, and the total. Budget: 170 KB (aim 120 KB).
# Usage: scripts/bench/first-load.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
if [ "${1:-}" != "--no-build" ]; then
  ensure_app_toolchain
  build_app >/dev/null
fi

total=0
printf '%-44s %10s %10s\n' file bytes gzip
for file in dist/index.html dist/*.css dist/*.js dist/*.wasm; do
  [ -f "$file" ] || continue
  raw=$(wc -c <"$file")
  zipped=$(gzip -9 -c "$file" | wc -c)
  total=$((total + zipped))
  printf '%-44s %10d %10d\n' "${file#dist/}" "$raw" "$zipped"
done
awk -v t="$total" 'BEGIN { printf "first load (gzip): %d bytes = %.1f KB\n", t, t / 1024 }'
