#!/usr/bin/env bash
# Prints how soon the supervisor's stream hears of each write while 50 writers file and
# comment on tasks, on SQLite and PostgreSQL (budget: p99 at most 250 ms from the
# write's answer to its event, none unheard).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/toolchain.sh
source scripts/lib/toolchain.sh
ensure_postgres
BELLHOP_BENCH_POSTGRES_URL="postgres://bellhop:bellhop@127.0.0.1:5432/postgres" \
  cargo bench --locked --quiet -p bellhop-server --bench live_latency
