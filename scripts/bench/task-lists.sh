#!/usr/bin/env bash
# Prints how "my tasks" and the department board answer with 10,000, 100,000 and
# 1,000,000 tasks in the table, on SQLite and PostgreSQL (budget: the median at a
# million at most 1.5 times the median at ten thousand).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
ensure_postgres
BELLHOP_BENCH_POSTGRES_URL="postgres://bellhop:bellhop@127.0.0.1:5432/postgres" \
  cargo bench --locked --quiet -p bellhop-server --bench task_lists
