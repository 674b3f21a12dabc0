include(GoogleTest)

option(BITSCTS_COVERAGE "Instrument the project's code for gcov line coverage" OFF)
if(BITSCTS_COVERAGE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()

# bitscts_add_unit_test(NAME sources... [LIBS libs...])
# Builds a GoogleTest executable and registers each of its cases with ctest individually.
# Discovery runs at test time so that the MinGW build discovers through Wine lazily.
function(bitscts_add_unit_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LIBS")
  add_executable(${name} ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${arg_LIBS} GTest::gmock GTest::gtest_main
                                        bitscts::warnings Threads::Threads)
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 120 LABELS unit)
endfunction()
