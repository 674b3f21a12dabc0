# Writes the team lead's matrix (data/lead, against its baseline and with its earlier runs) and the
# matrix of the sample runs and checks them in headless Chromium (SCRIPT, that is
# html_matrix_browser_test.mjs, which leaves screenshots in WORK), then writes a matrix without
# any failure and checks it with the generic check (CHECK, matrix_page_check.mjs) that
# scripts/test also runs on its own matrix.
# Usage: cmake -DTOOL=... -DDATA=... -DWORK=... -DNODE=... -DCHROMIUM=... -DNODE_MODULES=... -DSCRIPT=...
#        -DCHECK=... -P html_matrix_browser_test.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT NODE OR NOT EXISTS "${NODE}")
  message(FATAL_ERROR "node is missing (Debian: nodejs): run scripts/setup")
endif()
if(NOT CHROMIUM OR NOT EXISTS "${CHROMIUM}")
  message(FATAL_ERROR "chromium is missing (Debian: chromium): run scripts/setup")
endif()
if(NOT EXISTS "${NODE_MODULES}/playwright-core/package.json")
  message(FATAL_ERROR "playwright-core is missing from ${NODE_MODULES}: run scripts/setup")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${TOOL}" matrix -o "${WORK}/lead.html" --today 2026-11-23
                        --baseline lead/baseline lead/current lead/history
                WORKING_DIRECTORY "${DATA}" RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "bitscts-report matrix failed (${code}): ${err}")
endif()
execute_process(COMMAND "${TOOL}" matrix -o "${WORK}/matrix.html" --today 2026-11-23
                        --expectations expectations/wine.expect --expectations expectations/windows.expect runs
                WORKING_DIRECTORY "${DATA}" RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "bitscts-report matrix failed (${code}): ${err}")
endif()
execute_process(COMMAND "${NODE}" "${SCRIPT}" "${WORK}/lead.html" "${WORK}/matrix.html" "${CHROMIUM}" "${NODE_MODULES}" "${WORK}"
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the matrix page failed in the browser (exit ${code})")
endif()

# A matrix in which nothing fails: the filter must show its "no failures" state.
execute_process(COMMAND "${TOOL}" matrix -o "${WORK}/passing.html" --today 2026-11-23 runs/model-19045.xml
                WORKING_DIRECTORY "${DATA}" RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "bitscts-report matrix failed (${code}): ${err}")
endif()
execute_process(COMMAND "${NODE}" "${CHECK}" "${WORK}/passing.html" "${CHROMIUM}" "${NODE_MODULES}" "${WORK}"
                RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the matrix page without failures failed in the browser (exit ${code})")
endif()
