# Runs bitscts-report the way users do and checks exit status, stdout and stderr.
# Usage: cmake -DTOOL=... -DDATA=reports/tests/data -DWORK=scratch-dir -P command_line_test.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(failures 0)

# expect(EXIT code [STDOUT regex] [STDERR regex] [ONE_LINE] ARGS args...)
function(expect)
  cmake_parse_arguments(PARSE_ARGV 0 arg "ONE_LINE" "EXIT;STDOUT;STDERR" "ARGS")
  execute_process(COMMAND "${TOOL}" ${arg_ARGS} WORKING_DIRECTORY "${DATA}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(problems "")
  if(NOT code STREQUAL arg_EXIT)
    string(APPEND problems " exit status ${code}, expected ${arg_EXIT};")
  endif()
  if(DEFINED arg_STDOUT AND NOT out MATCHES "${arg_STDOUT}")
    string(APPEND problems " stdout does not match '${arg_STDOUT}';")
  endif()
  if(DEFINED arg_STDERR AND NOT err MATCHES "${arg_STDERR}")
    string(APPEND problems " stderr does not match '${arg_STDERR}';")
  endif()
  if(arg_ONE_LINE AND NOT err MATCHES "^bitscts-report: [^\n]+\n$")
    string(APPEND problems " stderr is not exactly one line;")
  endif()
  if(problems)
    message(SEND_ERROR "bitscts-report ${arg_ARGS}:${problems}\n--- stdout ---\n${out}--- stderr ---\n${err}")
  endif()
endfunction()

expect(EXIT 0 STDOUT "^usage: bitscts-report <command>" ARGS --help)
expect(EXIT 0 STDOUT "^usage: bitscts-report <command>" ARGS merge --help)
expect(EXIT 2 ONE_LINE STDERR "no command given" ARGS)
expect(EXIT 2 ONE_LINE STDERR "unknown command 'frobnicate'" ARGS frobnicate runs)
expect(EXIT 2 ONE_LINE STDERR "merge needs -o OUT.xml" ARGS merge runs)
expect(EXIT 2 ONE_LINE STDERR "unknown option '--colour'" ARGS merge --colour -o "${WORK}/x.xml" runs)
expect(EXIT 2 ONE_LINE STDERR "option -o needs a value" ARGS merge runs -o)
expect(EXIT 2 ONE_LINE STDERR "'2026-13-01' is not a date" ARGS check --today 2026-13-01 --baseline runs --current runs)
expect(EXIT 2 ONE_LINE STDERR "check needs --current" ARGS check --baseline runs)
expect(EXIT 2 ONE_LINE STDERR "absent.xml: no such file or directory" ARGS merge -o "${WORK}/x.xml" absent.xml)
expect(EXIT 2 ONE_LINE STDERR "expectations: the directory holds no .xml file"
       ARGS matrix -o "${WORK}/x.html" expectations)
expect(EXIT 2 ONE_LINE STDERR "bad-verdict.expect:2: expected verdict must be unsupported, fail, timeout, error or pass, not 'xpass'"
       ARGS matrix -o "${WORK}/x.html" --expectations expectations/bad-verdict.expect runs)

# A failed merge leaves an earlier output file as it was.
file(WRITE "${WORK}/kept.xml" "earlier output\n")
expect(EXIT 2 ONE_LINE STDERR "unclosed.xml:5: not well-formed XML"
       ARGS merge -o "${WORK}/kept.xml" runs malformed/unclosed.xml)
file(READ "${WORK}/kept.xml" kept)
if(NOT kept STREQUAL "earlier output\n")
  message(SEND_ERROR "a failed merge overwrote its output file")
endif()

# Input is read strictly: bad bytes and invalid UTF-8 are one line naming the file, its line and
# the byte offset, exit 2, and nothing written (no page, no summary, no merged file).
expect(EXIT 2 ONE_LINE STDERR "bad-bytes.xml:4: not well-formed XML: byte 0x1B is not UTF-8 or is a character XML forbids \\(byte 203\\)"
       ARGS merge -o "${WORK}/kept.xml" runs malformed/bad-bytes.xml)
expect(EXIT 2 ONE_LINE STDERR "invalid-utf8.xml:4: not well-formed XML: byte 0xC3 .* \\(byte 200\\)"
       ARGS matrix -o "${WORK}/strict.html" --markdown "${WORK}/strict.md" --junit "${WORK}/strict.xml"
            runs malformed/invalid-utf8.xml)
file(READ "${WORK}/kept.xml" kept)
foreach(unwritten strict.html strict.md strict.xml)
  if(EXISTS "${WORK}/${unwritten}" OR NOT kept STREQUAL "earlier output\n")
    message(SEND_ERROR "a malformed input still let bitscts-report write ${unwritten} or kept.xml")
  endif()
endforeach()

# Duplicates are reported, kept in the output, and fail the merge unless allowed.
expect(EXIT 1
       STDERR "duplicate: wine-win7 Logoff.AgentSurvivesLogoff occurs 2 times \\(runs/wine-win7.xml, baseline/wine-win7.xml\\)"
       ARGS merge -o "${WORK}/dup.xml" runs/wine-win7.xml baseline/wine-win7.xml)
file(READ "${WORK}/dup.xml" dup)
if(NOT dup MATCHES "<testsuites name=\"bitscts\" tests=\"10\"")
  message(SEND_ERROR "the merge of two copies of a 5-case run does not hold 10 cases")
endif()
expect(EXIT 0 ARGS merge --allow-duplicates -o "${WORK}/dup.xml" runs/wine-win7.xml baseline/wine-win7.xml)

# Matrix and summary; the summary can go to standard output for $GITHUB_STEP_SUMMARY.
expect(EXIT 0 STDOUT "^## bitscts conformance\n" ARGS matrix -o "${WORK}/matrix.html" --markdown - runs)
if(NOT EXISTS "${WORK}/matrix.html")
  message(SEND_ERROR "matrix -o wrote no page")
endif()
# matrix --junit writes the same merged file as merge, from the same single reading.
expect(EXIT 0 ARGS merge -o "${WORK}/merged.xml" runs)
expect(EXIT 0 ARGS matrix --junit "${WORK}/merged-too.xml" --markdown "${WORK}/summary.md" runs)
file(READ "${WORK}/merged.xml" merged)
file(READ "${WORK}/merged-too.xml" merged_too)
if(NOT merged STREQUAL merged_too)
  message(SEND_ERROR "matrix --junit and merge wrote different files")
endif()
expect(EXIT 1 STDERR "duplicate: " ARGS matrix --junit "${WORK}/dup2.xml" runs/wine-win7.xml baseline/wine-win7.xml)
expect(EXIT 0 ARGS matrix --markdown "${WORK}/dup.md" runs/wine-win7.xml baseline/wine-win7.xml)
expect(EXIT 2 ONE_LINE STDERR "only one of its outputs to standard output" ARGS matrix -o - --markdown - runs)

# matrix --baseline: the summary opens with the regressions since that baseline; earlier runs of a
# target (other run dates) are its history, not duplicates; a missing baseline is a clear error.
expect(EXIT 0 STDOUT "^## bitscts conformance\n\n\\*\\*4 regressions on windows-26100, windows-19045 since baseline windows-26100 \\(2026-11-16T06:00:00Z\\)\\.\\*\\*"
       ARGS matrix --markdown - --baseline lead/baseline lead/current lead/history)
expect(EXIT 0 STDOUT "^## bitscts conformance\n\n\\*\\*2 regressions on windows-26100 since the previous run of windows-26100\\.\\*\\*"
       ARGS matrix --markdown - --junit "${WORK}/history.xml" lead/current lead/history)
expect(EXIT 2 ONE_LINE STDERR "no-such-dir: no such file or directory"
       ARGS matrix --markdown - --baseline no-such-dir lead/current)
expect(EXIT 2 ONE_LINE STDERR "option --baseline needs a value" ARGS matrix --markdown - lead/current --baseline)

# The regression check: a pass that now fails, an expired expectation, and a clean comparison.
set(regression "regression: windows-19045 Logoff.TokenRequiredAfterOwnerLogoff: pass -> fail\n")
set(expired "expired: expectations/windows.expect:3: Logoff.HelperSurvivesOwnerLogoff expired after 2026-11-22\n")
expect(EXIT 1 STDOUT "${regression}.*${expired}"
       ARGS check --today 2026-11-23 --expectations expectations/windows.expect --baseline baseline --current runs)
set(wine_against_itself --baseline baseline/wine-win7.xml --current runs/wine-win7.xml)
expect(EXIT 1 STDOUT "check: FAILED: 0 regression\\(s\\), 1 expired"
       ARGS check --today=2026-11-23 --expectations=expectations/windows.expect ${wine_against_itself})
expect(EXIT 0 STDOUT "check: ok: 0 regression\\(s\\), 0 expired expectation\\(s\\), 0 changed cell\\(s\\)\n$"
       ARGS check --today 2026-11-22 --expectations expectations/windows.expect ${wine_against_itself})

# --same-verdicts: the one current target against the one baseline target, whatever their ids.
set(same --baseline same-verdicts/baseline --current same-verdicts/current)
expect(EXIT 0 STDOUT "^same verdicts: ok: com-model-19045 against baseline model-19045: 2 equal, 2 unsupported as allowed \\(network-control 1, time-control 1\\), 0 differ\n$"
       ARGS check --same-verdicts --allow-unsupported time-control --allow-unsupported=network-control ${same})
expect(EXIT 1 STDOUT "^differs: Network.LossIsTransientUntilReconnected: pass -> unsupported: needs network-control: taking [^\n]+\nsame verdicts: FAILED: [^\n]+ 1 unsupported as allowed \\(time-control 1\\), 1 differ\n$"
       ARGS check --same-verdicts --allow-unsupported time-control ${same})
expect(EXIT 1 STDOUT "differs: TokenOptionsQi.OtherUsersJobIsDenied: \\(none\\) -> pass\n"
       ARGS check --same-verdicts --baseline same-verdicts/baseline --current runs/model-19045.xml)
expect(EXIT 2 ONE_LINE STDERR "same verdicts: the current run holds [0-9]+ targets \\(.*\\); it must hold exactly one target's report"
       ARGS check --same-verdicts --baseline same-verdicts/baseline --current runs)
expect(EXIT 2 ONE_LINE STDERR "--allow-unsupported 'time-travel' is not a feature \\(features: download, .*time-control"
       ARGS check --same-verdicts --allow-unsupported time-travel ${same})
expect(EXIT 2 ONE_LINE STDERR "--allow-unsupported is an option of check --same-verdicts only"
       ARGS check --allow-unsupported time-control ${same})
expect(EXIT 2 ONE_LINE STDERR "--same-verdicts is an option of check only" ARGS merge --same-verdicts -o "${WORK}/x.xml" runs)
# Without --same-verdicts the two targets share neither id nor family: nothing is compared.
expect(EXIT 0 STDOUT "no baseline: com-model-19045 .*check: ok: 0 regression" ARGS check ${same})
