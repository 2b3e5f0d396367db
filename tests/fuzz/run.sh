#!/bin/sh
# run.sh [SECONDS] — builds the libFuzzer targets of tests/fuzz/ with clang
# (ASan + UBSan + coverage) from the sources, runs each for SECONDS (default
# 60) from its committed seed corpus, and prints executions and crashes per
# target.  The last line is "N passed, N failed" (a target passes when it
# ran without a crash).  Needs clang and libclang-rt-14-dev (./dev fuzz
# installs them) and a configured tree (config.h).
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_OUT:-build-fuzz}
mkdir -p "$out"
[ -f config.h ] || { echo "run.sh: configure the tree first (./dev fuzz does)" >&2; exit 2; }
libs="json-c libjwt jansson libsodium liburiparser inih fcgi"
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=c17 -D_GNU_SOURCE \
  -I. -Iinclude -DSYSCONFDIR=\"/etc\" -DSCHEMADIR=\"schema\" $(pkg-config --cflags $libs libmariadb)"
ldlibs="$(pkg-config --libs $libs libmariadb) -lm"
srcs=$(find src -name '*.c' ! -name main.c ! -path src/cli/invigil.c | sort)
pass=0 fail=0
for t in request jwt package attendance jrows; do
    echo "== fuzz_$t: build" >&2
    # shellcheck disable=SC2086
    clang $cflags $srcs "tests/fuzz/fuzz_$t.c" $ldlibs -o "$out/fuzz_$t"
    work=$(mktemp -d)
    log="$out/fuzz_$t.log"
    echo "== fuzz_$t: $secs s from tests/fuzz/corpus/$t" >&2
    # new inputs go to a scratch corpus: the committed seeds stay as they are
    if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$out/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$out/crash-$t-" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        echo "fuzz_$t: ${runs:-?} executions in $secs s, 0 crashes"
        pass=$((pass + 1))
    else
        echo "fuzz_$t: CRASH (see $log and $out/crash-$t-*)"
        tail -n 40 "$log" >&2
        fail=$((fail + 1))
    fi
    rm -rf "$work"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
