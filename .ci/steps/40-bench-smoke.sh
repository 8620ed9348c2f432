#!/usr/bin/env bash
# Benchmark smoke run (issue #4): builds ctdiff_bench without the peer
# libraries and runs every benchmark for a moment. No speed assertions: the
# numbers of a shared CI machine mean nothing; this proves the benchmarks
# build, compute the same results (--verify) and write JSON that
# scripts/bench_table.py reads.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${CTDIFF_BENCH_BUILD:-build/ci-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCTDIFF_BUILD_TESTS=OFF -DCTDIFF_BUILD_EXAMPLES=OFF \
    -DCTDIFF_BUILD_DOCS=OFF -DCTDIFF_INSTALL=OFF -DCTDIFF_BUILD_BENCHMARKS=ON -DCTDIFF_BENCH_PEERS=OFF \
    -DCTDIFF_BENCH_NATIVE=OFF
cmake --build "$build" -j "$(nproc)" --target ctdiff_bench ctdiff_bench_hessian ctdiff_bench_layer
# Every implementation computes the same values and gradients as ctdiff (within 1e-4).
"$build/benchmarks/ctdiff_bench" --verify >/dev/null
"$build/benchmarks/ctdiff_bench" --benchmark_min_time=0.001 --benchmark_out="$build/smoke.json" \
    --benchmark_out_format=json >/dev/null
# The layer API side by side (#13): recompute, saved, fused.
"$build/benchmarks/ctdiff_bench_layer" --benchmark_min_time=0.001 >/dev/null
if command -v python3 >/dev/null; then
    python3 scripts/bench_table.py "$build/smoke.json" >/dev/null
    python3 scripts/bench_peers_table.py "smoke=$build/smoke.json" >/dev/null
fi
"$build/benchmarks/ctdiff_bench_hessian" --benchmark_min_time=0.001 >/dev/null
echo "bench smoke: $(grep -c '"run_name"' "$build/smoke.json") benchmarks ran, and the layer and hessian ones"
