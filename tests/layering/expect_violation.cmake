# Runs check_layering on a fixture that breaks the layering on purpose and
# requires it to fail for the right reason. Run as
#   cmake -DCHECKER=check_layering -DFIXTURE=dir -DEXPECT=text -P expect_violation.cmake
# The checker, run on FIXTURE/include with FIXTURE/layers.txt, must exit with 1
# (violations found: not 0, not a usage error, not a crash), report exactly one
# violation, and that report must contain EXPECT (plain text, not a regex).
foreach(var IN ITEMS CHECKER FIXTURE EXPECT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "expect_violation.cmake needs -D${var}=...")
    endif()
endforeach()
execute_process(COMMAND ${CHECKER} ${FIXTURE}/include ${FIXTURE}/layers.txt
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc STREQUAL "1")
    message(FATAL_ERROR "check_layering must exit with 1 on ${FIXTURE}, but exited with ${rc}:\n${out}")
endif()
string(FIND "${out}" "${EXPECT}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "check_layering did not report\n  ${EXPECT}\non ${FIXTURE}, but:\n${out}")
endif()
if(NOT out MATCHES "check_layering: FAILED, 1 violation:")
    message(FATAL_ERROR "check_layering must report exactly one violation on ${FIXTURE}, but:\n${out}")
endif()
message(STATUS "${out}")
