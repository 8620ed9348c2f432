# Opens the gallery page in headless Chromium, offline, lets its scripts run,
# and checks that MathJax typeset the formulas (SVG math in the DOM, no TeX
# error) and that the plots load; then writes a screenshot for a person to look at.
# cmake -DCHROMIUM=<chromium> -DHTML=<html dir> -DGALLERY=<gallery dir> -DOUT=<dir> -P screenshot.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}/profile")
set(flags --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
          --disable-component-update --disable-sync "--user-data-dir=${OUT}/profile"
          --virtual-time-budget=15000 --window-size=1280,2000)
set(page "file://${HTML}/gallery.html")

execute_process(COMMAND "${CHROMIUM}" ${flags} --dump-dom "${page}"
                OUTPUT_VARIABLE dom ERROR_VARIABLE log RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "chromium --dump-dom failed (${rc}):\n${log}")
endif()
file(WRITE "${OUT}/gallery.dom.html" "${dom}")
file(STRINGS "${GALLERY}/activations.txt" activations)
list(LENGTH activations count)
string(REGEX MATCHALL "<mjx-container[^>]*display=\"true\"" display_math "${dom}")
list(LENGTH display_math typeset)
math(EXPR wanted "2 * ${count}")
if(typeset LESS wanted)
    message(FATAL_ERROR "MathJax typeset ${typeset} display formulas; the gallery has at least ${wanted}")
endif()
if(dom MATCHES "data-mjx-error=|<g[^>]*data-mml-node=\"merror\"")
    message(FATAL_ERROR "MathJax reported a TeX error on the gallery page")
endif()

execute_process(COMMAND "${CHROMIUM}" ${flags} "--screenshot=${OUT}/gallery.png" "${page}"
                ERROR_VARIABLE log RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0 OR NOT EXISTS "${OUT}/gallery.png")
    message(FATAL_ERROR "chromium --screenshot failed (${rc}):\n${log}")
endif()
file(SIZE "${OUT}/gallery.png" size)
if(size LESS 20000)
    message(FATAL_ERROR "the screenshot is suspiciously small (${size} bytes)")
endif()
message(STATUS "docs: ${typeset} formulas typeset offline; screenshot ${OUT}/gallery.png (${size} bytes)")
