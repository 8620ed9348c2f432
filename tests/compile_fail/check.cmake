# Compiles one compile-fail case. Run as
#   cmake -DCOMPILER=c++ -DSOURCE=case.cpp -DINCLUDES=a|b -DMODE=fail|pass -P check.cmake
# MODE=fail: the compilation (with CTDIFF_MISUSE defined) must fail, its first
# error line must match the file's first `// expect:` regex, and the whole
# output must match every other `// expect:` regex.
# MODE=pass: the twin (without CTDIFF_MISUSE) must compile cleanly with warnings as errors.
string(REPLACE "|" ";" include_list "${INCLUDES}")
set(args -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -fdiagnostics-color=never)
foreach(dir IN LISTS include_list)
    list(APPEND args -I${dir})
endforeach()
if(MODE STREQUAL "fail")
    list(APPEND args -DCTDIFF_MISUSE)
endif()
execute_process(COMMAND ${COMPILER} ${args} ${SOURCE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)

if(MODE STREQUAL "pass")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "the twin of ${SOURCE} must compile, but:\n${out}")
    endif()
    return()
endif()

if(rc EQUAL 0)
    message(FATAL_ERROR "${SOURCE} must not compile, but it did")
endif()
file(STRINGS ${SOURCE} expects REGEX "^// expect: ")
if(NOT expects)
    message(FATAL_ERROR "${SOURCE} has no `// expect:` line")
endif()
string(REGEX MATCH "[^\n]*error[^\n]*" first_error "${out}")
set(first TRUE)
foreach(line IN LISTS expects)
    string(REGEX REPLACE "^// expect: " "" regex "${line}")
    if(first)
        if(NOT first_error MATCHES "${regex}")
            message(FATAL_ERROR "the first error of ${SOURCE} does not match `${regex}`:\n${first_error}\n\n${out}")
        endif()
        set(first FALSE)
    elseif(NOT out MATCHES "${regex}")
        message(FATAL_ERROR "the errors of ${SOURCE} do not match `${regex}`:\n${out}")
    endif()
endforeach()
message(STATUS "${SOURCE}: ${first_error}")
