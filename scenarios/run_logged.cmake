# Runs a command, shows its output as ctest would, and also keeps it in a log file, so that later
# tests can inspect what a run printed (e.g. that no generated password is in it).
#   cmake -DLOG=<file> -DCOMMAND=<command;with;arguments> -P run_logged.cmake
if(NOT LOG OR NOT COMMAND)
  message(FATAL_ERROR "run_logged.cmake needs -DLOG=<file> and -DCOMMAND=<command>")
endif()
get_filename_component(log_folder "${LOG}" DIRECTORY)
file(MAKE_DIRECTORY "${log_folder}")
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE result)
file(WRITE "${LOG}" "${output}${errors}")
message("${output}${errors}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "exited with ${result}")
endif()
