# Every JUnit file bitscts-report writes must validate against the project's JUnit schema, also when
# the input holds markup, "]]>", non-ASCII text and the visible escapes of control characters and
# bytes that are not UTF-8 ("\x01"), as bitscts's writer leaves them.
# Usage: cmake -DTOOL=... -DDATA=... -DWORK=... -DSCHEMA=.../bitscts-junit.xsd -P junit_schema_test.cmake
cmake_minimum_required(VERSION 3.25)
find_program(XMLLINT xmllint)
if(NOT XMLLINT)
  message(FATAL_ERROR "xmllint is missing (Debian: libxml2-utils): run scripts/setup")
endif()
if(NOT EXISTS "${SCHEMA}")
  message(FATAL_ERROR "the JUnit schema ${SCHEMA} is missing: run scripts/setup")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(merge_and_validate output)
  execute_process(COMMAND "${TOOL}" merge --allow-duplicates -o "${WORK}/${output}" ${ARGN}
                  WORKING_DIRECTORY "${DATA}" RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "bitscts-report merge ${ARGN} failed (${code}): ${err}")
  endif()
  execute_process(COMMAND "${XMLLINT}" --noout --schema "${SCHEMA}" "${WORK}/${output}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(SEND_ERROR "${output} does not validate against ${SCHEMA}:\n${err}")
  endif()
endfunction()

merge_and_validate(all-runs.xml runs)                              # bitscts, ctest and gtest flavours
merge_and_validate(nasty-twice.xml runs/wine-win7.xml baseline/wine-win7.xml)
merge_and_validate(family.xml family baseline)
merge_and_validate(remerged.xml "${WORK}/all-runs.xml" "${WORK}/family.xml")  # the tool's own output

file(READ "${WORK}/all-runs.xml" merged)
if(NOT merged MATCHES "tests=\"20\"" OR NOT merged MATCHES "\\\\x01\\\\x1B\\[31mred" OR NOT merged MATCHES "拒绝访问")
  message(SEND_ERROR "all-runs.xml lost cases or text")
endif()
