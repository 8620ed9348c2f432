#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer target with Clang (ASan + UBSan) and runs it
# for 60 seconds from the committed seed corpus (fuzz/corpus, read-only: new
# inputs go to a scratch directory). Fails on any crash, sanitizer report or
# broken check (the failing input is left in build/fuzz/crash-*); prints
# executions per second and the total.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
build=build/fuzz
cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++
cmake --build "$build" -j "$(nproc)"
echo "fuzz: built in $((SECONDS - start)) s"

scratch="$build/corpus"
rm -rf "$scratch" && mkdir -p "$scratch"
log="$build/fuzz.log"
# A fixed seed keeps the CI run reproducible; CTDIFF_FUZZ_SEED=0 draws one.
"$build/fuzz_expressions" -max_total_time="${CTDIFF_FUZZ_SECONDS:-60}" -seed="${CTDIFF_FUZZ_SEED:-1}" -print_final_stats=1 \
    -artifact_prefix="$build/" -timeout=10 -rss_limit_mb=2048 "$scratch" fuzz/corpus 2>&1 | tee "$log" | tail -n 12
total=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
echo "fuzz: ${total} executions in ${CTDIFF_FUZZ_SECONDS:-60} s (${rate} execs/s), no failure ($((SECONDS - start)) s)"
