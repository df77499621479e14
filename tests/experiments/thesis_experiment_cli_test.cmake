# Runs `dsim experiment ${NAME}` with its default trial counts (the thesis's 10,000) and checks the
# command end to end: exit 0 (every measured figure inside its band of the thesis's numbers), the
# table, the CSV's header, row count and first row; then `--trial 3` replays one trial, and bad
# input ends in exit 2 with one line.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${DSIM} experiment ${NAME} --out ${OUT} --jobs 2
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "dsim experiment ${NAME} exited ${code}:\n${output}${errors}")
endif()
if(NAME STREQUAL "raft-availsim")
  set(csv ${OUT}/availsim.csv)
  set(expected_header "failed,trial,election_ms")
  set(expected_lines 30001)  # 10,000 trials for each of 0, 1 and 2 failed, and the header
  set(first_row "^0,0,[0-9]+\\.[0-9][0-9][0-9]$")
  set(table "failed +trials +mean +median +p99 +p99.9 +max")
  set(replay "2 failed, trial 3: s[0-2] elected at [0-9.]+ ms in term [0-9]+")
else()
  set(csv ${OUT}/split_vote.csv)
  set(expected_header "servers,available,latency_ms,range_ms,trials,split_votes,formula")
  set(expected_lines 11)  # ten cases and the header
  set(first_row "^5,4,1,100,10000,[0-9]+,0\\.000592$")
  set(table "n +s +l_ms +range +trials +splits +measured +formula")
  set(replay "n=5 s=4 l=20 ms of 100 ms, trial 3: (split vote|no split); first leader s[0-3]")
endif()
if(NOT output MATCHES "${table}")
  message(FATAL_ERROR "no table header in the output:\n${output}")
endif()
if(output MATCHES "OUTSIDE")
  message(FATAL_ERROR "a figure outside its band, yet exit 0:\n${output}")
endif()
file(STRINGS ${csv} lines)
list(GET lines 0 header)
if(NOT header STREQUAL expected_header)
  message(FATAL_ERROR "CSV header is '${header}'")
endif()
list(LENGTH lines count)
if(NOT count EQUAL expected_lines)
  message(FATAL_ERROR "CSV has ${count} lines, expected ${expected_lines}")
endif()
list(GET lines 1 first)
if(NOT first MATCHES "${first_row}")
  message(FATAL_ERROR "first row is '${first}'")
endif()

execute_process(COMMAND ${DSIM} experiment ${NAME} --trial 3
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 0 OR NOT output MATCHES "${replay}")
  message(FATAL_ERROR "--trial 3 exited ${code}:\n${output}${errors}")
endif()

execute_process(COMMAND ${DSIM} experiment ${NAME} --out ${OUT} --trials 0
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors STREQUAL "dsim: --trials: expected a whole number from 1 to 100000000, found \"0\"\n")
  message(FATAL_ERROR "--trials 0 exited ${code} with '${errors}'")
endif()
