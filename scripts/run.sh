#!/usr/bin/env bash
# Builds and starts Bellhop on SQLite (data/bellhop.db), seeding the demo hotel on the
# first start. Installs whatever the build needs first. Settings: BELLHOP_* variables
# or the server's flags after the command (`scripts/run.sh --help`), see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh

ensure_app_toolchain
build_app
say "Building the server, with the app built into it"
cargo build --locked --quiet --profile server -p bellhop-server --features embed-app

export BELLHOP_DATABASE_URL="${BELLHOP_DATABASE_URL:-sqlite://data/bellhop.db}"
exec "${CARGO_TARGET_DIR:-target}/server/bellhop-server" "$@"
