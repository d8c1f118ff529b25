#!/usr/bin/env bash
# Fuzzes the page reader (sniffing, gzip, charsets, HTML, text dumps, JSON items, then the
# tokenizer, fingerprint and topic matcher) with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh [SECONDS]        build, replay the regression fixtures, fuzz (default 60 s)
#   scripts/fuzz.sh --remake-corpus  rebuild Fuzz/corpus from ../shared (Fuzz/make-seeds.py + -merge=1)
#
# Fuzzing works on a copy of Fuzz/corpus in .build-fuzz/work (kept between runs, so local runs
# build on each other); the committed corpus is never written. Exit 0 when nothing was found;
# else non-zero with the path of the input that crashed, leaked or hung.
# Extra libFuzzer flags can follow the seconds, e.g. scripts/fuzz.sh 600 -jobs=2 -workers=2.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-fuzz
binary=$scratch/release/FuzzPageReader
fixtures=Tests/PageParsingTests/Fixtures/fuzz

echo "newswatch fuzz: building FuzzPageReader (-sanitize=fuzzer,address)"
# SwiftPM names the executable's main itself, hence -parse-as-library and a Swift @main that
# calls libFuzzer's driver; Debian's gold linker fails on the instrumented objects, lld does not.
swift build -c release --package-path Fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld

# Inputs up to 64 KB (the seeds reach 35 KB): under the sanitizers a 64 KB file of a thousand
# JSON Lines items takes about a second, so a 10 s timeout flags only work out of proportion.
options=(-max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict=Fuzz/page.dict)

if [ "${1:-}" = "--remake-corpus" ]; then
    raw=$(mktemp -d)
    trap 'rm -rf "$raw"' EXIT
    python3 Fuzz/make-seeds.py "$raw/seeds"
    rm -rf Fuzz/corpus && mkdir -p Fuzz/corpus
    "$binary" "${options[@]}" -merge=1 Fuzz/corpus "$raw/seeds"
    echo "newswatch fuzz: Fuzz/corpus holds $(ls Fuzz/corpus | wc -l) inputs, $(du -sh Fuzz/corpus | cut -f1)"
    exit 0
fi

seconds=${1:-60}
shift || true

work=$scratch/work
findings=$work/findings
mkdir -p "$work/corpus" "$findings"
cp -n Fuzz/corpus/* "$work/corpus/"

# Every input that once failed is replayed first, under the sanitizers.
if compgen -G "$fixtures/*" >/dev/null; then
    echo "newswatch fuzz: replaying $(ls "$fixtures" | wc -l) regression fixtures"
    if ! "$binary" "${options[@]}" "$fixtures"/* >"$work/fixtures.log" 2>&1; then
        tail -n 40 "$work/fixtures.log" >&2
        echo "newswatch fuzz: FAILED: a regression fixture fails again (log: $work/fixtures.log)" >&2
        exit 1
    fi
fi

echo "newswatch fuzz: fuzzing for $seconds s on a copy of Fuzz/corpus in $work"
before=$(ls "$findings" | wc -l)
status=0
"$binary" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$findings/" "$@" "$work/corpus" 2>&1 | tee "$work/last-run.log" | grep -v -E '^(#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|"|###### )' || status=${PIPESTATUS[0]}
after=$(ls "$findings" | wc -l)
if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
    echo "newswatch fuzz: FAILED (exit $status); the input that failed, and the full log:" >&2
    ls -t "$findings"/* | head -n $((after - before > 0 ? after - before : 1)) >&2
    echo "$work/last-run.log" >&2
    echo "Reproduce with: $binary <input>; then add it under $fixtures" >&2
    exit 1
fi
echo "newswatch fuzz: nothing found in $seconds s"
