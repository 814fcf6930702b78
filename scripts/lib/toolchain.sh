# shellcheck shell=bash
# Installs what building and testing Bellhop needs, skipping what is already there.
# Sourced by scripts/run.sh and scripts/test.sh. Every step is safe to repeat.

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
WASM_TARGET=wasm32-unknown-unknown

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are not installed yet.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  if [ -z "${BELLHOP_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    BELLHOP_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# `cargo install --locked NAME@VERSION` unless `BIN --version` already prints VERSION.
cargo_install() {
  local name=$1 version=$2 bin=$3
  if command -v "$bin" >/dev/null 2>&1 && "$bin" --version 2>/dev/null | grep -qF "$version"; then
    return 0
  fi
  say "Installing $name $version (a few minutes, once)"
  # A crate's lock file can name a dependency the registry no longer serves; then
  # resolve afresh within the crate's own version bounds.
  cargo install --locked --quiet "$name@$version" || cargo install --quiet "$name@$version"
}

# The wasm32 standard library, built from source with every app: a release build's
# panics then abort on the spot (`panic = "immediate-abort"`), which leaves the panic
# messages and their formatting out of every app (about a ninth of each wasm: the size
# budgets). The source is rustup's rust-src component when it can be fetched, otherwise
# Debian's rust-web-src with its rustc-web.
ensure_wasm_std() {
  local sysroot
  sysroot=$(rustc --print sysroot)
  if [ -d "$sysroot/lib/rustlib/src/rust/library/std" ]; then
    BELLHOP_WASM_VIA=rustup
    return 0
  fi
  if ! dpkg-query -W rust-web-src >/dev/null 2>&1; then
    say "Adding the standard library's source with rustup (60 s at most)"
    if timeout 60 rustup component add rust-src >/dev/null 2>&1; then
      BELLHOP_WASM_VIA=rustup
      return 0
    fi
    say "rustup cannot fetch rust-src here; using Debian's rustc-web and its std source"
  fi
  apt_install rustc-web cargo-web rust-web-src
  BELLHOP_WASM_VIA=debian
}

# The rust-lld that links wasm32 when std is built from source.
wasm_linker() {
  local lld
  lld=$(ls "$HOME"/.rustup/toolchains/*/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld 2>/dev/null | head -n 1)
  if [ -z "$lld" ]; then
    apt_install lld
    lld=$(command -v wasm-ld)
  fi
  printf '%s' "$lld"
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# Everything the app's build needs: target, trunk, wasm-bindgen-cli, wasm-opt, and the
# npm packages of scripts/build (esbuild, Workbox).
ensure_app_toolchain() {
  ensure_wasm_std
  [ -f Cargo.lock ] || cargo generate-lockfile --quiet
  cargo_install trunk "$TRUNK_VERSION" trunk
  cargo_install wasm-bindgen-cli "$(wasm_bindgen_version)" wasm-bindgen
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    say "Installing wasm-opt (binaryen $BINARYEN_VERSION) from npm"
    as_root npm install -g --silent "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
  (cd scripts/build && npm ci --silent --no-audit --no-fund >/dev/null)
}

# Runs a command with the environment the wasm build needs: std built from source
# (RUSTC_BOOTSTRAP lets the stable compiler take the unstable flags that needs) and, in
# release builds, immediate-abort panics, no source locations and no `Debug` output
# (`{:?}` writes nothing; the app shows people wire codes and its own words, never
# `Debug`), which takes std's tables for escaping strings out with it. With Debian's
# rustc-web, its cargo goes first on PATH and builds into its own target folder so that
# it never invalidates what rustup's cargo built for the host.
with_wasm_env() {
  local debian=()
  if [ "${BELLHOP_WASM_VIA:-rustup}" = debian ]; then
    debian=(
      PATH="/usr/bin:$PATH"
      CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/wasm-debian"
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$(wasm_linker)"
    )
  fi
  env "${debian[@]}" \
    RUSTC_BOOTSTRAP=1 \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true \
    CARGO_PROFILE_RELEASE_PANIC=immediate-abort \
    CARGO_UNSTABLE_PROFILE_RUSTFLAGS=true \
    CARGO_PROFILE_RELEASE_RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none" \
    "$@"
}

# The portal's apps besides the start page's (`bellhop`, built from index.html into
# dist/): the app `bellhop-NAME` is built into dist/NAME-app/, the folder the server
# serves the section's addresses from (`Section::app_dir` in api/src/sections.rs).
PORTAL_APPS=(audits audit-templates training training-library star admin rooms)

# Builds every app: the portal's start page into dist/, each other portal app into
# dist/NAME-app/ from a copy of index.html naming its binary, then the sign-in app into
# dist/signin-app/ and the first-run set-up into dist/setup-app/ (the start page's
# build empties dist/ first). Release with wasm-opt
# by default; `debug` for the quick build of a development loop.
build_app() {
  local mode=${1:-release} name page dir
  local flags=(--offline=true)
  [ "$mode" = release ] && flags+=(--release)
  say "Building the app ($mode)"
  # One cargo run compiles the shared library once and links every app side by side;
  # trunk then finds them built and only binds and optimises each.
  local cargo_flags=(--target wasm32-unknown-unknown --bins)
  [ "$mode" = release ] && cargo_flags+=(--release)
  with_wasm_env cargo build --locked "${cargo_flags[@]}"
  with_wasm_env trunk build index.html "${flags[@]}"
  local built=(dist)
  for name in "${PORTAL_APPS[@]}"; do
    # Generated beside index.html so its relative links still resolve; git ignores it.
    page=".portal-$name.html"
    sed -e "s/data-bin=\"bellhop\"/data-bin=\"bellhop-$name\"/" -e '/rel="copy-dir"/d' index.html >"$page"
    with_wasm_env trunk build "$page" "${flags[@]}" --dist "dist/$name-app" --public-url "/$name-app/"
    built+=("dist/$name-app")
  done
  with_wasm_env trunk build signin.html "${flags[@]}" --dist dist/signin-app --public-url /signin-app/
  built+=(dist/signin-app)
  # The first-run app's page is the sign-in app's naming its binary, generated likewise.
  sed -e 's/data-bin="bellhop-signin"/data-bin="bellhop-setup"/' signin.html >.first-run.html
  with_wasm_env trunk build .first-run.html "${flags[@]}" --dist dist/setup-app --public-url /setup-app/
  built+=(dist/setup-app)
  if [ "$mode" = release ]; then
    for dir in "${built[@]}"; do minify_glue "$dir"; done
  fi
  # Last before compressing: it lists every file of the build with its revision.
  node scripts/build/service-worker.mjs dist
  compress_dist
}

# Minifies wasm-bindgen's JS glue of one built app with esbuild (Trunk's minifier
# cannot parse its ES module and leaves it as written) and puts the new file's
# SHA-384 in the page's integrity attribute, so the browser still checks it. The file
# keeps its name: Trunk's hash in it already names this build's glue.
minify_glue() {
  local dir=$1 glue old new
  for glue in "$dir"/*.js; do
    old=$(openssl dgst -sha384 -binary "$glue" | openssl base64 -A)
    scripts/build/node_modules/.bin/esbuild --minify --format=esm --log-level=warning \
      --allow-overwrite --outfile="$glue" "$glue"
    new=$(openssl dgst -sha384 -binary "$glue" | openssl base64 -A)
    grep -qF "sha384-$old" "$dir/index.html" || { echo "no integrity for $glue in $dir/index.html" >&2; return 1; }
    sed -i "s|sha384-$old|sha384-$new|" "$dir/index.html"
  done
}

# Writes `file.br` (brotli at its best, quality 11) and `file.gz` (gzip -9) beside
# every text and wasm file in dist/, both apps: the server sends the copy the browser
# accepts, so nothing is compressed per request and the best settings cost nothing at
# run time. Debian's `brotli` is the reference encoder, a package rather than a tool
# to compile.
compress_dist() {
  apt_install brotli
  find dist -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.wasm' \
    -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) -print0 |
    while IFS= read -r -d '' file; do
      brotli --best --force --output="$file.br" "$file"
      gzip -9 --no-name --force --keep "$file"
    done
}

# Chromium and chromedriver for the end-to-end tests.
ensure_browser() {
  apt_install chromium chromium-driver
}

# A PostgreSQL server on 127.0.0.1:5432 with a `bellhop` role that may create databases.
ensure_postgres() {
  apt_install postgresql
  local version
  version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 { print $1 }')
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    as_root pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" { print $4 }' | grep -q online; then
    say "Starting PostgreSQL $version"
    as_root pg_ctlcluster "$version" main start
  fi
  as_root su postgres -c "psql -q -v ON_ERROR_STOP=1 -d postgres" >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bellhop') THEN
    CREATE ROLE bellhop LOGIN CREATEDB PASSWORD 'bellhop';
  END IF;
END $$;
SQL
}

SCHEMATHESIS_VERSION=4.32.5

# schemathesis, in its own Python venv in the user's cache (`$SCHEMATHESIS` is its `st`).
ensure_schemathesis() {
  local venv=${XDG_CACHE_HOME:-$HOME/.cache}/bellhop/schemathesis-$SCHEMATHESIS_VERSION
  SCHEMATHESIS=$venv/bin/st
  "$SCHEMATHESIS" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION" && return 0
  say "Installing schemathesis $SCHEMATHESIS_VERSION (once)"
  command -v python3 >/dev/null 2>&1 || apt_install python3
  # Debian splits venv (and the pip it seeds) out of python3.
  python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}
