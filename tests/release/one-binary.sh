#!/usr/bin/env bash
# The server binary alone serves everything: builds the debug server with the built app
# inside it (feature embed-app, from DIST, default dist/), copies only the binary into an
# empty folder, starts it there over a new SQLite database and no static folder, and
# checks with curl that the sign-in page, the portal's page, a hashed wasm file and the
# API answer as they should. Exits non-zero, saying what failed, otherwise.
#
#   tests/release/one-binary.sh [DIST]
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() {
  echo "one-binary: $*" >&2
  [ -f "${work:-}/server.log" ] && sed 's/^/  server: /' "$work/server.log" >&2
  exit 1
}
dist=$(cd "${1:-dist}" 2>/dev/null && pwd) || fail "no folder ${1:-dist} (build the app first: source scripts/lib/toolchain.sh && build_app)"
[ -f "$dist/index.html" ] || fail "no built app in $dist (build it first: source scripts/lib/toolchain.sh && build_app)"
wasm=$(cd "$dist" && find . -maxdepth 1 -name '*-*_bg.wasm' | head -n 1)
[ -n "$wasm" ] || fail "no hashed wasm file in $dist"
wasm=${wasm#./}

BELLHOP_EMBED_DIR="$dist" cargo build --locked --quiet -p bellhop-server --features embed-app

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cp "${CARGO_TARGET_DIR:-target}/debug/bellhop-server" "$work/"
cd "$work"
# Nothing of the build around it: the folder holds the binary only.
[ "$(ls -A)" = "bellhop-server" ] || fail "the folder holds more than the binary"
env -u BELLHOP_STATIC_DIR BELLHOP_BIND=127.0.0.1:0 BELLHOP_DATABASE_URL="sqlite://$work/bellhop.db" \
  BELLHOP_HASH_MEMORY_KIB=1024 ./bellhop-server >server.log 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^Bellhop is running at \(http[^ ]*\).*/\1/p' server.log)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server stopped"
  sleep 0.2
done
[ -n "$url" ] || fail "the server did not start"

curl -fsS "$url/api/health" | grep -q '"status":"ok"' || fail "/api/health does not answer ok"
# Signed out, / leads to the sign-in app's page.
curl -fsSL -H 'accept-encoding: identity' "$url/" -o signin.html || fail "/ does not answer"
cmp -s signin.html "$dist/signin-app/index.html" || fail "/ did not end at the built sign-in page"
# Signed in (the demo admin), / is the portal's page.
curl -fsS -c cookies -H 'x-requested-with: bellhop' -H 'content-type: application/json' \
  -d '{"employee_no": "A001", "password": "bellhop-demo"}' "$url/api/session" >/dev/null || fail "sign-in failed"
curl -fsS -b cookies -H 'accept-encoding: identity' "$url/" -o portal.html || fail "/ does not answer when signed in"
cmp -s portal.html "$dist/index.html" || fail "/ is not the built portal page"
curl -fsS -D wasm.headers -H 'accept-encoding: identity' "$url/$wasm" -o app.wasm || fail "/$wasm is not served"
cmp -s app.wasm "$dist/$wasm" || fail "/$wasm differs from the build"
grep -qi '^cache-control: public, max-age=31536000, immutable' wasm.headers || fail "/$wasm is not cached as immutable"
if [ -f "$dist/$wasm.br" ]; then
  curl -fsS -H 'accept-encoding: br' "$url/$wasm" -o app.wasm.br || fail "/$wasm is not served as brotli"
  cmp -s app.wasm.br "$dist/$wasm.br" || fail "/$wasm did not go out as the build's brotli copy"
fi
echo "one-binary: the server alone served the sign-in page, the portal, /$wasm and the API"
