#!/usr/bin/env bash
# Starts the debug server on a free port over a fresh SQLite database in a temporary
# folder, with the demo hotel and the built app; sets $server_url, $server_pid and
# $server_dir. `stop_server` ends it and removes the folder.

start_server() {
  cargo build --locked --quiet -p bellhop-server
  server_dir=$(mktemp -d)
  # Made here, not by the background job's redirection, which may come after the first read.
  : >"$server_dir/server.log"
  BELLHOP_BIND=127.0.0.1:0 \
    BELLHOP_DATABASE_URL="sqlite://$server_dir/bellhop.db" \
    BELLHOP_STATIC_DIR="$PWD/dist" \
    BELLHOP_HASH_MEMORY_KIB=1024 \
    "${CARGO_TARGET_DIR:-target}/debug/bellhop-server" >"$server_dir/server.log" 2>&1 &
  server_pid=$!
  server_url=
  for _ in $(seq 1 100); do
    server_url=$(sed -n 's/^Bellhop is running at \(http[^ ]*\).*/\1/p' "$server_dir/server.log")
    [ -n "$server_url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server did not start"
  cat "$server_dir/server.log"
  return 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$server_dir"
}
