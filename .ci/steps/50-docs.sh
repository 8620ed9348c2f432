#!/usr/bin/env bash
# CI step: the documentation. Installs doxygen, gnuplot, npm (MathJax is fetched
# from the npm registry into the build tree) and chromium (the gallery is
# opened headless and a screenshot taken), builds the docs with one command and
# runs the `docs`-labelled tests: gallery coverage, links, images, no network
# references, formulas typeset offline in a real browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/deps.sh doxygen gnuplot-nox chromium fonts-dejavu-core
# npm: these machines' Node.js ships it (and conflicts with Debian's npm package).
command -v npm >/dev/null || scripts/deps.sh npm
build=build/docs
# The accuracy table measured by the default test run (scripts/test.sh, g++), if it ran.
accuracy=()
table="$PWD/build/test-g++/accuracy/accuracy.md"
[ -f "$table" ] && accuracy=(-DCTDIFF_DOCS_ACCURACY_TABLE="$table")
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCTDIFF_BUILD_DOCS=ON -DCTDIFF_BUILD_TESTS=ON "${accuracy[@]}"
cmake --build "$build" --target docs -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -L docs
echo "docs: $build/docs/html/index.html ($(find "$build/docs/html" -maxdepth 1 -name '*.html' | wc -l) pages)"
