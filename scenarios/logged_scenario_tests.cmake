# Read by ctest when it starts (scenarios/CMakeLists.txt generates, per real-target run family, a
# test include file that calls this): registers every scenario as its own test, whose output is
# kept for the family's leak check.
#
# bitscts_add_logged_scenario_tests(FAMILY <name> EXECUTABLE <bitscts> EMULATOR <command list>
#   ARGS <bitscts options> WITNESS <file> LOG_FOLDER <folder> RUN_LOGGED <run_logged.cmake>
#   CMAKE <cmake> LIST_FILE <file>)
# Lists the scenarios (bitscts --gtest_list_tests, kept in LIST_FILE until bitscts changes) and
# adds "<FAMILY>/<Family>.<Scenario>" for each: bitscts --gtest_filter=<Family>.<Scenario> ARGS
# --no-report --secret-witness=WITNESS, run through RUN_LOGGED into LOG_FOLDER/<Family>.<Scenario>.log.
# Each requires the fixture secrets-<FAMILY> (so <FAMILY>/no-secrets checks it after it has run,
# whatever its verdict) and holds the resource lock bitscts-accounts, as the whole run does.
function(bitscts_add_logged_scenario_tests)
  cmake_parse_arguments(PARSE_ARGV 0 arg ""
                        "FAMILY;EXECUTABLE;EMULATOR;ARGS;WITNESS;LOG_FOLDER;RUN_LOGGED;CMAKE;LIST_FILE" "")
  if(NOT EXISTS "${arg_EXECUTABLE}")
    # Like gtest_discover_tests: a test that fails, saying what to build.
    add_test("${arg_FAMILY}/scenarios-not-built" "${arg_EXECUTABLE}")
    return()
  endif()
  if(NOT EXISTS "${arg_LIST_FILE}" OR "${arg_EXECUTABLE}" IS_NEWER_THAN "${arg_LIST_FILE}")
    execute_process(COMMAND ${arg_EMULATOR} "${arg_EXECUTABLE}" --gtest_list_tests
                    OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE result TIMEOUT 120)
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "listing the scenarios of ${arg_EXECUTABLE} failed (${result}): ${errors}")
    endif()
    file(WRITE "${arg_LIST_FILE}" "${listing}")
  else()
    file(READ "${arg_LIST_FILE}" listing)
  endif()
  string(REPLACE "\n" ";" lines "${listing}")
  set(family "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "\r$" "" line "${line}")
    if(line MATCHES "^([A-Za-z0-9_]+)\\.$")
      set(family "${CMAKE_MATCH_1}")
    elseif(line MATCHES "^  ([A-Za-z0-9_]+)$" AND NOT family STREQUAL "")
      set(scenario "${family}.${CMAKE_MATCH_1}")
      set(test "${arg_FAMILY}/${scenario}")
      set(command ${arg_EMULATOR} "${arg_EXECUTABLE}" "--gtest_filter=${scenario}" ${arg_ARGS} --no-report
                  "--secret-witness=${arg_WITNESS}")
      add_test("${test}" "${arg_CMAKE}" "-DLOG=${arg_LOG_FOLDER}/${scenario}.log" "-DCOMMAND=${command}"
               -P "${arg_RUN_LOGGED}")
      set_tests_properties("${test}" PROPERTIES
        TIMEOUT 300 LABELS "scenario;${arg_FAMILY}" SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]"
        FIXTURES_REQUIRED "secrets-${arg_FAMILY}" RESOURCE_LOCK bitscts-accounts)
    endif()
  endforeach()
endfunction()
