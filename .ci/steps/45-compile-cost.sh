#!/usr/bin/env bash
# Compile cost: scripts/bench_compile_time.sh --short with g++ (include cost,
# the 10-deep chain's derivatives, d<6>, d<7>, d<16>; each row the minimum of 3
# compilations, each added time judged as a multiple of its baseline compiled
# in the same run). Every compilation runs under a time-out (60 s) and a 4 GiB
# address-space cap. Fails when a program does not compile, times out or runs
# out of memory, or when a target is missed by more than the noise margin
# (CTDIFF_COMPILE_MARGIN, default 1.5x the target's limit); smaller misses are
# printed, not failed: the times of a shared CI machine are noisy. The chain
# row is judged in instructions (valgrind), which noise does not move. About
# 2 minutes on 2 cores; at most 60 s per compilation when one blows up.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
scripts/deps.sh time valgrind  # /usr/bin/time -v: CPU time and peak memory; valgrind: instructions
scripts/bench_compile_time.sh --short
echo "compile cost: done ($((SECONDS - start)) s)"
