#!/usr/bin/env bash
# The demo: installs what is missing, builds and runs examples/demo.cpp.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DCTDIFF_BUILD_TESTS=OFF -DCTDIFF_BUILD_DOCS=OFF >/dev/null
cmake --build build/demo -j "$(nproc)" --target ctdiff_demo >/dev/null
build/demo/examples/ctdiff_demo
