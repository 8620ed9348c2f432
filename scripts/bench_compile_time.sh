#!/usr/bin/env bash
# Compile time and peak memory of one translation unit holding the 10-deep
# chain of activations (the benchmarks' chain10): evaluated for values only,
# then with d, d<2> and d<3> of it evaluated too. Each TU is compiled
# $REPEAT times (default 3); the table shows the fastest (user + system CPU
# seconds) and its peak memory (maximum resident set size).
# Usage: scripts/bench_compile_time.sh [compiler ...]   (default: g++ clang++)
# Flags: $CXXFLAGS (default -O2). Target (issue #4): the derivatives add at most
# 1 s and at most 2x memory to the values-only TU.
set -euo pipefail
cd "$(dirname "$0")/.."
compilers=("$@")
((${#compilers[@]})) || compilers=(g++ clang++)
flags=${CXXFLAGS:--O2}
repeat=${REPEAT:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

write_tu() {  # $1: file, $2: what is evaluated besides the values
    cat >"$1" <<EOF
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff;
constexpr auto x = var<"x">;
#if __has_include(<ctdiff/activations/silu.hpp>)
constexpr auto silu_of(auto e) { return silu(e); }
#else
constexpr auto silu_of(auto e) { return e * sigmoid(e); }
#endif
constexpr auto f = sigmoid(tanh(silu_of(relu(sigmoid(tanh(silu_of(relu(sigmoid(tanh(x))))))))));
double run(double v) {
    double s = f(x = v);
$2
    return s;
}
EOF
}
write_tu "$work/values.cpp" ""
write_tu "$work/d1.cpp" "    s += d(f, x)(x = v);"
write_tu "$work/d2.cpp" "    s += d(f, x)(x = v); s += d<2>(f, x)(x = v);"
write_tu "$work/d3.cpp" "    s += d(f, x)(x = v); s += d<2>(f, x)(x = v); s += d<3>(f, x)(x = v);"

echo "| compiler | TU | CPU time (s) | peak memory (MB) | time − values (s) | memory ÷ values |"
echo "|---|---|---:|---:|---:|---:|"
for cxx in "${compilers[@]}"; do
    command -v "$cxx" >/dev/null || continue
    base_t="" base_m=""
    for tu in values d1 d2 d3; do
        best_t="" best_m=""
        for ((k = 0; k < repeat; ++k)); do
            /usr/bin/time -v "$cxx" -std=c++20 $flags -Iinclude -c "$work/$tu.cpp" -o "$work/$tu.o" 2>"$work/time.txt"
            # user + system CPU seconds: what the compiler spent, whatever else the machine runs
            t=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time.txt")
            m=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
            if [ -z "$best_t" ] || awk "BEGIN {exit !($t < $best_t)}"; then best_t=$t best_m=$m; fi
        done
        [ -n "$base_t" ] || { base_t=$best_t; base_m=$best_m; }
        label=$tu
        case $tu in d1) label="+ d";; d2) label="+ d, d<2>";; d3) label="+ d, d<2>, d<3>";; esac
        awk -v c="$cxx" -v l="$label" -v t="$best_t" -v m="$best_m" -v bt="$base_t" -v bm="$base_m" \
            'BEGIN {printf "| %s | %s | %.2f | %.0f | %+.2f | %.2f |\n", c, l, t, m / 1024, t - bt, m / bm}'
    done
done
