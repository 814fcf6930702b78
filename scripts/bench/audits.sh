#!/usr/bin/env bash
# Prints the median time to submit a 100-item audit (budget 50 ms) and to build the
# monthly audit report with 24 months × 200 audits on file (budget 200 ms), on SQLite
# and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
ensure_postgres
BELLHOP_BENCH_POSTGRES_URL="postgres://bellhop:bellhop@127.0.0.1:5432/postgres" \
  cargo bench --locked --quiet -p bellhop-server --bench audits
