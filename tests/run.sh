#!/usr/bin/env bash
# The one test command for tsunagu. Run from anywhere:   bash tests/run.sh
#
#   1. installs what is missing (apt: chromium, fonts-noto-cjk, a Java runtime;
#      npm: tests/browser's pinned packages) — quiet and quick when all is there
#   2. cargo fmt --check, clippy (-D warnings), test --release (builds the binaries)
#   3. builds the example portal (repo root) and the yonago fixture into target/sites/
#   4. browser tests (node --test tests/browser/*.test.mjs): axe-core (every page in four
#      display settings, reflow at 320 px), Nu HTML checker, keyboard / landmarks /
#      no-JavaScript / file:// / tab order / names / print / reduced motion / read-aloud
#   5. writes the example portal's accessibility results to
#      content/accessibility-results.toml (its 試験結果 page; commit the file)
#
# Options:
#   --browser-only   skip step 2 and 3; test the sites in $SITES (comma-separated
#                    folders) or, if unset, the already built target/sites/{tottori,yonago}
# Env: SITES (with --browser-only), CHROMIUM_PATH (default /usr/bin/chromium), JAVA.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
T0=$SECONDS
trap 'rc=$?; printf "\n== done: %s s, exit %s ==\n" "$((SECONDS - T0))" "$rc"' EXIT

browser_only=0
for arg in "$@"; do
  case "$arg" in
    --browser-only) browser_only=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "tests/run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

section() { printf '\n== %s ==\n' "$*"; }
die() { echo "tests/run.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- system packages
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (run as root, or install sudo)"; fi
}
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
pkg_installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
command -v "${JAVA:-java}" >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  section "apt-get install ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # wait for another apt/dpkg run (e.g. a background install) instead of failing
  apt_opts=(-o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---------------------------------------------------------------- node packages
command -v node >/dev/null 2>&1 || die "node not found (Node.js >= 20 is needed for tests/browser)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: tests/browser needs >= 20"
stamp="tests/browser/node_modules/.package-lock.sha256"
want="$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)"
if [ ! -d tests/browser/node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  section "npm ci (tests/browser)"
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# ---------------------------------------------------------------- rust
if [ $browser_only = 0 ]; then
  command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust with rustup)"

  section "cargo fmt --check"
  cargo fmt --check

  section "cargo clippy"
  cargo clippy --release --all-targets --quiet -- -D warnings

  # (no separate `cargo build --release`: the tests build the binaries in that profile)
  section "cargo test"
  mkdir -p target
  cargo test --release 2>&1 | tee target/cargo-test.log

  # ------------------------------------------------------------ sites
  section "build sites"
  bin="$ROOT/target/release/tsunagu"
  [ -x "$bin" ] || die "$bin was not built"
  rm -rf target/sites/tottori target/sites/yonago target/sites/base
  mkdir -p target/sites
  t=$SECONDS
  # The example portal with the README's own command (so `cargo run` keeps meaning tsunagu).
  cargo run --release --quiet -- build --output target/sites/tottori
  "$bin" build --root tests/fixtures/plan/yonago --output target/sites/yonago
  TSUNAGU_TODAY=2026-11-23 "$bin" build --root tests/fixtures/base --output target/sites/base
  for s in tottori yonago base; do
    echo "target/sites/$s: $(find "target/sites/$s" -name '*.html' | wc -l) pages"
  done
  echo "built in $((SECONDS - t)) s"
  SITES="$ROOT/target/sites/tottori,$ROOT/target/sites/yonago,$ROOT/target/sites/base"
else
  SITES="${SITES:-$ROOT/target/sites/tottori,$ROOT/target/sites/yonago,$ROOT/target/sites/base}"
fi
export SITES

# ---------------------------------------------------------------- browser
section "browser tests (SITES=$SITES)"
mkdir -p target
rm -rf target/a11y-results   # per-page results of this run only (see write-results.mjs)
browser_rc=0
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=target/browser.tap \
  tests/browser/*.test.mjs || browser_rc=$?

# The accessibility results of the example portal, for its 試験結果 page: written into
# content/accessibility-results.toml (commit it; the next build publishes it). Nothing is
# written unless the axe and Nu suites ran over target/sites/tottori.
section "accessibility results"
node tests/browser/write-results.mjs --site "$ROOT/target/sites/tottori" \
  --out "$ROOT/content/accessibility-results.toml" --tap target/browser.tap \
  || echo "tests/run.sh: could not write the accessibility results" >&2

# One closing line for everything: cargo's "test result" lines plus the browser suite.
sum_cargo() { grep "^test result:" target/cargo-test.log 2>/dev/null | grep -Eo "[0-9]+ $1" | awk '{s+=$1} END {print s+0}'; }
passed=$(( $(sum_cargo passed) + $(awk '/^# pass /{print $3}' target/browser.tap) ))
failed=$(( $(sum_cargo failed) + $(awk '/^# fail /{print $3}' target/browser.tap) ))
printf '\n%s passed, %s failed\n' "$passed" "$failed"
exit "$browser_rc"
