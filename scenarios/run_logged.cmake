# Runs a command and keeps everything it prints (standard output and error, as it comes) in a log
# file, then shows it as ctest would, so that later tests can inspect what a run printed (e.g.
# that no generated password is in it), even when the run is killed before it ends.
#   cmake -DLOG=<file> -DCOMMAND=<command;with;arguments> -P run_logged.cmake
# Fails when the command exits with a non-zero status, saying which.
if(NOT LOG OR NOT COMMAND)
  message(FATAL_ERROR "run_logged.cmake needs -DLOG=<file> and -DCOMMAND=<command>")
endif()
get_filename_component(log_folder "${LOG}" DIRECTORY)
file(MAKE_DIRECTORY "${log_folder}")
execute_process(COMMAND ${COMMAND} OUTPUT_FILE "${LOG}" ERROR_FILE "${LOG}" RESULT_VARIABLE result)
file(READ "${LOG}" output)
message("${output}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "exited with ${result}")
endif()
