#!/usr/bin/env bash
# Runs every test: formatting and lints, unit tests, API tests against SQLite and
# PostgreSQL, the OpenAPI contract test (schemathesis), end-to-end tests in headless Chromium against a running server, and the
# server binary with the app built in, run alone from an empty folder.
# Installs and starts what they need first. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh

ensure_app_toolchain
ensure_browser
ensure_postgres
command -v node >/dev/null 2>&1 || apt_install nodejs npm

export BELLHOP_TEST_POSTGRES_URL="postgres://bellhop:bellhop@127.0.0.1:5432/postgres"
# Each API test makes its own database; clear those of earlier runs.
as_root su postgres -c "psql -qtA -d postgres -c \"SELECT 'DROP DATABASE ' || datname || ';' FROM pg_database WHERE datname LIKE 'bellhop_test_%'\"" \
  | as_root su postgres -c "psql -q -d postgres" >/dev/null

say "Formatting and lints"
cargo fmt --all --check
# The app is linted as host code: the lints are the same, and the host toolchain has clippy.
cargo clippy --locked --quiet --workspace --all-targets -- -D warnings

say "Unit and API tests (SQLite and PostgreSQL)"
cargo test --locked --workspace

say "The OpenAPI contract: schemathesis, every check, against the SQLite server"
tests/contract/run.sh

build_app
say "End-to-end tests in headless Chromium"
scripts/lib/e2e.sh

say "The server binary alone serves the built app and the API"
tests/release/one-binary.sh dist
