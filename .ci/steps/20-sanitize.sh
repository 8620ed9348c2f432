#!/usr/bin/env bash
# Sanitizers: the whole default test suite built by clang++ with ASan + UBSan and
# -fno-sanitize-recover=all (the `sanitize` preset), then the thread-safety test
# under TSan (g++). clang++ builds the sanitized suite in half g++'s time (312 s
# against 611 s on 2 cores of an Intel Xeon; g++ took 199 s for simd_math.cpp
# alone). The preset leaves out the accuracy suite (CTDIFF_BUILD_ACCURACY=OFF): it
# measures numerics, which both compilers' test runs check, and under the
# sanitizers it took 16 of this step's 30 minutes; arrays.kernels_native for the
# same reason (CTDIFF_BUILD_KERNELS_NATIVE=OFF); and crosscheck, whose time under
# the sanitizers (71 to 85 s) is its 100-digit references, while the routes it
# compares run sanitized in the other suites. It builds simd_math.cpp's sweeps at
# -O0 and samples them 1 in 32 (CTDIFF_TEST_SWEEP_OPTIMIZE, CTDIFF_TEST_SWEEP_STRIDE).
# The library's code paths stay sanitized: every kernel through the array tests
# (SIMD and scalar builds, tails, heads, special values, subnormal bands), the
# catalogue, NaN propagation and hardening suites, and the fuzzer (Clang, ASan +
# UBSan, 30-fuzz.sh).
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
