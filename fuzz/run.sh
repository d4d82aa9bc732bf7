#!/bin/sh
# Run every fuzz target for SECONDS (default 600), one after another, one job each,
# at low priority. Stable Rust works: cargo-fuzz needs `-Z sanitizer`, allowed by
# RUSTC_BOOTSTRAP=1. Install the runner once with `cargo install cargo-fuzz`.
# A crash stops that target and leaves its input in fuzz/artifacts/<target>/; copy it
# to fuzz/regressions/<target>/ once fixed (tests/fuzz_regressions.rs replays them).
set -u
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
TARGETS=${TARGETS:-"front_matter markdown_ruby schedule csv_import search_query"}
export RUSTC_BOOTSTRAP=1
status=0
for t in $TARGETS; do
    mkdir -p "corpus/$t"
    # Seed the corpus with the regression inputs and a few real files.
    if [ -d "regressions/$t" ]; then cp -n regressions/$t/* "corpus/$t/" 2>/dev/null; fi
    if [ -d "seeds/$t" ]; then cp -n seeds/$t/* "corpus/$t/" 2>/dev/null; fi
    echo "== $t: ${SECONDS_EACH}s"
    nice -n 10 cargo fuzz run --release "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -jobs=1 -workers=1 -rss_limit_mb=4096 \
        -max_len=65536 -print_final_stats=1 2>&1 | tee "run-$t.log" |
        grep -E "^(==|#[0-9]+ +DONE|stat::|SUMMARY|artifact_prefix|Test unit written)" 
    if grep -q "Test unit written" "run-$t.log"; then status=1; fi
done
exit $status
