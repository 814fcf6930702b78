#!/usr/bin/env bash
# Times an app rebuild after a one-line change in src/ (budget: 60 s), for the release
# build that `scripts/run.sh` makes and for the debug build of `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
ensure_app_toolchain

# A change in the library that both apps share: both are rebuilt.
marker=src/lib.rs
cp "$marker" "$marker.bench-orig"
trap 'mv "$marker.bench-orig" "$marker"' EXIT

for mode in release debug; do
  build_app "$mode" >/dev/null 2>&1    # warm: everything built once
  printf '\n// rebuild benchmark %s\n' "$(date +%s%N)" >>"$marker"
  start=$(date +%s.%N)
  build_app "$mode" >/dev/null 2>&1
  end=$(date +%s.%N)
  cp "$marker.bench-orig" "$marker"
  awk -v m="$mode" -v s="$start" -v e="$end" 'BEGIN { printf "rebuild after a one-line change (%s): %.1f s\n", m, e - s }'
done
# Leave dist/ as the release build the server expects.
build_app >/dev/null 2>&1
