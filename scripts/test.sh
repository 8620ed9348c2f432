#!/usr/bin/env bash
# The test command: installs what is missing, builds with the compiler in $CXX
# (default g++), runs every default test. The opt-in exhaustive test, the nvcc
# compilations (label cuda) and the documentation build (label docs) have CI
# steps of their own (.ci/steps). Usage: scripts/test.sh [ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cxx="${CXX:-g++}"
build="build/test-$(basename "$cxx")"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER="$cxx" -DCTDIFF_BUILD_TESTS=ON
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure -LE "exhaustive|cuda|docs" "$@"
