include(GoogleTest)

# The project's JUnit schema, which every report the runner and the report tool write must meet
# (junit/README.md says why it is the project's own).
set(BITSCTS_JUNIT_XSD "${PROJECT_SOURCE_DIR}/junit/schema/bitscts-junit.xsd")

option(BITSCTS_COVERAGE "Instrument the project's code for gcov line coverage" OFF)
if(BITSCTS_COVERAGE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()

# bitscts_add_unit_test(NAME sources... [LIBS libs...])
# Builds a GoogleTest executable. Natively each case is its own ctest test; under Wine, where
# every process start costs seconds, the executable is one ctest test (its output lists the cases).
function(bitscts_add_unit_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LIBS")
  add_executable(${name} ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${arg_LIBS} GTest::gmock GTest::gtest_main
                                        bitscts::warnings Threads::Threads)
  if(CMAKE_CROSSCOMPILING)
    # Under Wine a whole executable takes seconds. Once in CI one that had printed all its results
    # never exited (Wine's process exit); the mingw test preset runs a timed-out test once more.
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES TIMEOUT 120 LABELS unit)
  else()
    gtest_discover_tests(${name}
      DISCOVERY_MODE PRE_TEST
      DISCOVERY_TIMEOUT 60
      PROPERTIES TIMEOUT 120 LABELS unit)
  endif()
endfunction()
