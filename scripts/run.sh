#!/usr/bin/env bash
# Builds and starts Bellhop on SQLite (data/bellhop.db), seeding the demo hotel on the
# first start. Installs whatever the build needs first. Settings: BELLHOP_* variables,
# see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh

ensure_app_toolchain
build_app
say "Building the server"
cargo build --locked --quiet --profile server -p bellhop-server

export BELLHOP_DATABASE_URL="${BELLHOP_DATABASE_URL:-sqlite://data/bellhop.db}"
exec "${CARGO_TARGET_DIR:-target}/server/bellhop-server"
