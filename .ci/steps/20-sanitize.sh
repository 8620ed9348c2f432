#!/usr/bin/env bash
# Sanitizers: the whole default test suite built with ASan + UBSan and
# -fno-sanitize-recover=all (the `sanitize` preset), then the thread-safety
# test under TSan. The preset leaves out the accuracy suite
# (CTDIFF_BUILD_ACCURACY=OFF): it measures numerics, which both compilers' test
# runs check, and under the sanitizers it took 16 of this step's 30 minutes
# (building it, then 260 s running); and arrays.kernels_native for the same reason
# (CTDIFF_BUILD_KERNELS_NATIVE=OFF); and it samples simd_math.cpp's sweeps 1 in 8
# (CTDIFF_TEST_SWEEP_STRIDE=8: arrays.simd took 357 s here, 31 s now). The library's code paths stay sanitized:
# every kernel through the array tests (SIMD and scalar builds, tails, special
# values, subnormal bands), the catalogue, NaN propagation and hardening suites,
# and the fuzzer (Clang, ASan + UBSan, 30-fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
jobs="$(nproc)"

cmake --preset sanitize
cmake --build --preset sanitize -j "$jobs"
ctest --preset sanitize -j "$jobs"
echo "sanitize: ASan + UBSan suite green ($((SECONDS - start)) s)"

tsan=build/hard-tsan
cmake -S . -B "$tsan" -DCMAKE_BUILD_TYPE=Debug -DCTDIFF_BUILD_TESTS=ON -DCTDIFF_BUILD_EXAMPLES=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread
cmake --build "$tsan" -j "$jobs" --target ctdiff_hardening_tests
TSAN_OPTIONS="halt_on_error=1" "$tsan/tests/hardening/ctdiff_hardening_tests" --run_test=threads --report_level=short
echo "sanitize: TSan thread test green ($((SECONDS - start)) s)"
