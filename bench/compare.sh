#!/usr/bin/env bash
# Scale and search benchmarks: tsunagu against Hugo (plain build of the same pages) and
# Pagefind (indexing tsunagu's output), side by side in one run. Prints numbers; asserts
# nothing. Not a test and not run in CI.
#
#   bash bench/compare.sh [--sizes 1000,10000,50000] [--runs 3] [--pagefind-runs 1]
#                         [--compare-at 10000] [--work DIR] [--no-search] [--no-build]
#
# For each size N: `tsunagu gen-corpus --pages N`, then `tsunagu build` (furigana and search
# on) RUNS times: median wall time, pages per second, peak RSS (GNU time %M) and the stage
# timings of the median run. At the --compare-at size (if it is among the sizes): the Hugo
# build of DIR/hugo (RUNS times, alternating with tsunagu's) and `pagefind --site <tsunagu
# output>` (--pagefind-runs times: it is slow), with ratios; then both rebuilt RUNS times
# over their own output (after one rebuild not timed), as a site is rebuilt while it is
# edited. The 50,000-page build runs once.
#
# Every clean build writes into a new folder of its own, and the folders are deleted only
# when the next run of this script starts, followed by a pause of 70 s. On ext4 without a
# journal (as on the machines this was measured on) every file made within a minute or more
# of deleting many files looks at each inode freed: after `rm -rf` of the last build's
# output, that search took 84 % of a 10,000-page build's CPU time, and it grows with the
# square of the files (tsunagu writes 33,000 there, Hugo 20,000). A benchmark deleting the
# output before each build measured that, not the builds.
# Then the search benchmark (bench/search.mjs, headless Chromium) on the example portal
# and on the --compare-at corpus: tsunagu's browser index against Pagefind's.
#
# Installs what is missing: Debian `hugo` (apt), Pagefind from bench/package-lock.json
# (`npm install`: package.json pins pagefind 1.6.0 exactly and pagefind pins its platform
# binaries exactly; `npm ci` refuses the lock this machine's npm writes, which lists only
# the linux packages), the browser suite's
# playwright-core (tests/browser, `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

SIZES=1000,10000,50000
RUNS=3
PF_RUNS=1
COMPARE=10000
WORK=${TMPDIR:-/tmp}/tsunagu-bench
SEARCH=1
BUILD=1
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --pagefind-runs) PF_RUNS=$2; shift 2 ;;
    --compare-at) COMPARE=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-search) SEARCH=0; shift ;;
    --no-build) BUILD=0; shift ;;  # use target/release/tsunagu as it is
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export TSUNAGU_TODAY=${TSUNAGU_TODAY:-2026-11-23}
export LANG=C.UTF-8

need_apt() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need_apt hugo hugo
[ -x /usr/bin/time ] || need_apt /usr/bin/time time
[ -x bench/node_modules/.bin/pagefind ] || (cd bench && npm install --no-audit --no-fund >/dev/null)
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund >/dev/null)
[ "$SEARCH" = 0 ] || [ -x /usr/bin/chromium ] || need_apt chromium chromium
[ "$BUILD" = 0 ] || cargo build --release --quiet
TSUNAGU=$REPO/target/release/tsunagu
PAGEFIND=$REPO/bench/node_modules/.bin/pagefind
mkdir -p "$WORK"
# The outputs of the last run go, then the file system gets its minute (see above).
if compgen -G "$WORK/runs*" >/dev/null || compgen -G "$WORK/pagefind-[0-9]*" >/dev/null ||
  [ -d "$WORK/hugo-public" ]; then
  rm -rf "$WORK"/runs* "$WORK"/out-[0-9]* "$WORK"/.out-* "$WORK"/pagefind-[0-9]* "$WORK/hugo-public"
  sync
  sleep 70
fi
RUNS_DIR=$WORK/runs-$$
mkdir -p "$RUNS_DIR"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# run_timed LOG CMD...: wall seconds and peak RSS (KB) appended to LOG as "secs kb"
run_timed() {
  local log=$1; shift
  /usr/bin/time -f '%e %M' -o "$log.t" "$@" >"$log.out" 2>&1 || { cat "$log.out" >&2; exit 1; }
  cat "$log.t" >>"$log"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $("$TSUNAGU" --version); hugo $(hugo version | awk '{print $2}'); pagefind $("$PAGEFIND" --version 2>&1 | awk '{print $2}')"
echo "runs per measurement: $RUNS (median; pagefind $PF_RUNS, 50,000 pages 1)"
echo
printf '%-8s %-7s %-10s %-10s %-10s %-12s %s\n' pages html 'wall s' 'pages/s' 'RSS MiB' 'search s' 'stages (median run, ms)'
declare -A WALL HTML OUT K
for n in ${SIZES//,/ }; do
  dir=$WORK/corpus-$n log=$WORK/tsunagu-$n.log
  "$TSUNAGU" -q gen-corpus --pages "$n" --out "$dir" --seed 1 2>/dev/null
  rm -f "$log" "$WORK/hugo.log"
  runs=$RUNS
  [ "$n" -ge 50000 ] && runs=1
  for i in $(seq "$runs"); do
    out=$RUNS_DIR/tsunagu-$n-$i
    run_timed "$log" "$TSUNAGU" -v build --root "$dir" --output "$out"
    cp "$log.out" "$log.run-$(wc -l <"$log")"
    if [ "$n" = "$COMPARE" ]; then
      run_timed "$WORK/hugo.log" hugo --quiet --source "$dir/hugo" --destination "$RUNS_DIR/hugo-$i"
    fi
  done
  OUT[$n]=$out
  wall=$(awk '{print $1}' "$log" | median)
  rss=$(awk '{print $2}' "$log" | median)
  # The stage log of the run with the median time.
  k=$(awk -v m="$wall" '$1 == m {print NR; exit}' "$log")
  stages=$(grep -oE '[^ ]+ \([a-z ]+\): [0-9]+ ms' "$log.run-$k" | sed -E 's/.*\(([a-z ]+)\): ([0-9]+) ms/\1=\2/' | tr '\n' ' ')
  search_ms=$(grep -oE 'search index\): [0-9]+ ms' "$log.run-$k" | grep -oE '[0-9]+' || echo 0)
  html=$(find "$out" -name '*.html' | wc -l)
  WALL[$n]=$wall HTML[$n]=$html K[$n]=$k
  printf '%-8s %-7s %-10s %-10s %-10s %-12s %s\n' "$n" "$html" "$wall" \
    "$(awk -v h="$html" -v w="$wall" 'BEGIN {printf "%.0f", h / w}')" \
    "$(awk -v r="$rss" 'BEGIN {printf "%.0f", r / 1024}')" \
    "$(awk -v s="$search_ms" 'BEGIN {printf "%.2f", s / 1000}')" "$stages"
done

if [[ ",$SIZES," == *",$COMPARE,"* ]]; then
  n=$COMPARE dir=$WORK/corpus-$COMPARE out=${OUT[$COMPARE]} hugo_out=$RUNS_DIR/hugo-$RUNS
  echo
  echo "== $n pages: tsunagu (everything on) vs Hugo (plain) vs Pagefind (index of tsunagu's output) =="
  rm -f "$WORK/pagefind.log" "$WORK/tsunagu-rebuild.log" "$WORK/hugo-rebuild.log"
  # Rebuilds over the output there: the first is not timed (tsunagu's first keeps the
  # output it replaces, which the later ones write over).
  for i in $(seq 0 "$RUNS"); do
    run_timed "$WORK/tsunagu-rebuild.log" "$TSUNAGU" -q build --root "$dir" --output "$out"
    run_timed "$WORK/hugo-rebuild.log" hugo --quiet --source "$dir/hugo" --destination "$hugo_out"
  done
  for i in $(seq "$PF_RUNS"); do
    pf_out=$RUNS_DIR/pagefind-$n-$i
    run_timed "$WORK/pagefind.log" "$PAGEFIND" --site "$out" --output-path "$pf_out/pagefind"
  done
  ts_rebuild=$(tail -n +2 "$WORK/tsunagu-rebuild.log" | awk '{print $1}' | median)
  hugo_rebuild=$(tail -n +2 "$WORK/hugo-rebuild.log" | awk '{print $1}' | median)
  hugo_wall=$(awk '{print $1}' "$WORK/hugo.log" | median)
  hugo_rss=$(awk '{print $2}' "$WORK/hugo.log" | median)
  hugo_html=$(find "$hugo_out" -name '*.html' | wc -l)
  pf_wall=$(awk '{print $1}' "$WORK/pagefind.log" | median)
  pf_rss=$(awk '{print $2}' "$WORK/pagefind.log" | median)
  k=${K[$n]}
  ts_search=$(grep -oE 'search index\): [0-9]+ ms' "$WORK/tsunagu-$n.log.run-$k" | grep -oE '[0-9]+')
  printf '%-36s %8s s  %6s html  %6s MiB  rebuild %6s s\n' "tsunagu build (furigana + search)" "${WALL[$n]}" "${HTML[$n]}" \
    "$(awk '{print $2}' "$WORK/tsunagu-$n.log" | median | awk '{printf "%.0f", $1 / 1024}')" "$ts_rebuild"
  printf '%-36s %8s s  %6s html  %6s MiB  rebuild %6s s\n' "hugo (plain, same pages)" "$hugo_wall" "$hugo_html" \
    "$(awk -v r="$hugo_rss" 'BEGIN {printf "%.0f", r / 1024}')" "$hugo_rebuild"
  echo "output size: tsunagu $(du -sm "$out" | cut -f1) MB in $(find "$out" | wc -l) files and folders, hugo $(du -sm "$hugo_out" | cut -f1) MB in $(find "$hugo_out" | wc -l)"
  printf '%-36s %8s s\n' "tsunagu search index stage" "$(awk -v s="$ts_search" 'BEGIN {printf "%.2f", s / 1000}')"
  printf '%-36s %8s s  %13s %6s MiB\n' "pagefind --site (tsunagu output)" "$pf_wall" "" "$(awk -v r="$pf_rss" 'BEGIN {printf "%.0f", r / 1024}')"
  echo "ratio tsunagu/hugo:            $(awk -v a="${WALL[$n]}" -v b="$hugo_wall" 'BEGIN {printf "%.2f", a / b}')  (target <= 1.0); rebuilt over their output: $(awk -v a="$ts_rebuild" -v b="$hugo_rebuild" 'BEGIN {printf "%.2f", a / b}')"
  echo "ratio tsunagu-index/pagefind:  $(awk -v a="$ts_search" -v b="$pf_wall" 'BEGIN {printf "%.3f", a / 1000 / b}')"
  echo "search/ size: tsunagu $(du -sk "$out/search" | cut -f1) KB (tantivy $(du -sk "$out/search/tantivy" | cut -f1) KB of it), pagefind $(du -sk "$pf_out/pagefind" | cut -f1) KB"
fi

if [ "$SEARCH" = 1 ]; then
  echo
  echo "== search in headless Chromium: example portal =="
  ex=$WORK/out-example
  rm -rf "$ex" "$WORK/pagefind-example"
  /usr/bin/time -f '%e' -o "$WORK/ex.t" "$TSUNAGU" -v build --root "$REPO" --output "$ex" >"$WORK/ex.log" 2>&1
  t0=$(date +%s.%N)
  "$PAGEFIND" --site "$ex" --output-path "$WORK/pagefind-example/pagefind" >/dev/null
  t1=$(date +%s.%N)
  echo "index build: tsunagu $(grep -oE 'search index\): [0-9]+ ms' "$WORK/ex.log" | grep -oE '[0-9]+') ms (build $(cat "$WORK/ex.t") s in all), pagefind $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b - a) * 1000}') ms"
  echo "search/ size: tsunagu $(du -sk "$ex/search" | cut -f1) KB, pagefind $(du -sk "$WORK/pagefind-example/pagefind" | cut -f1) KB"
  node bench/search.mjs --site "$ex" --pagefind "$WORK/pagefind-example/pagefind"
  if [ -n "${pf_out:-}" ]; then
    echo
    echo "== search in headless Chromium: $COMPARE-page corpus =="
    node bench/search.mjs --site "${OUT[$COMPARE]}" --pagefind "$pf_out/pagefind"
  fi
fi
