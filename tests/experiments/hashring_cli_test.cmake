# Runs `dsim experiment hashring --trials 5` (the fewest it accepts) and checks its files: each
# CSV's header and row count, the figure table and the PASS verdict; then `--trials 4` and an
# `--out` that is a file, each refused with exit code 2 and one line naming the flag.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${DSIM} experiment hashring --out ${OUT} --trials 5 --jobs 2
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "dsim experiment hashring exited ${code}: ${errors}\n${output}")
endif()
foreach(expected "Chord §6.2 Figure 9" "Dynamo §6.2 Figure 8" "How each band is derived"
                 "PASS: all [0-9]+ figures inside their bands")
  if(NOT output MATCHES "${expected}")
    message(FATAL_ERROR "no '${expected}' in the output:\n${output}")
  endif()
endforeach()

function(check_csv name header lines)
  file(STRINGS ${OUT}/${name} rows)
  list(GET rows 0 first)
  if(NOT first STREQUAL header)
    message(FATAL_ERROR "${name} header is '${first}', expected '${header}'")
  endif()
  list(LENGTH rows count)
  if(NOT count EQUAL lines)
    message(FATAL_ERROR "${name} has ${count} lines, expected ${lines}")
  endif()
endfunction()
# 2 cluster sizes x 7 schemes (mod, jump, rendezvous, 4 rings) x 5 trials, plus Chord's 10 key
# counts and 4 more virtual node counts x 5 trials; one line each, and the header.
check_csv(hashring.csv "scheme,nodes,vnodes,keys,trial,moved_fraction,cv,p1_over_mean,p99_over_mean,max_over_mean" 141)
check_csv(hashring_moves.csv "scheme,nodes,vnodes,keys,trial,event,node,moved_fraction,expected_fraction,moved_elsewhere" 281)
# 3 strategies x 10 token counts x 5 trials
check_csv(dynamo_fig8.csv "strategy,tokens_per_node,trial,efficiency" 151)
file(STRINGS ${OUT}/hashring.csv rows)
list(GET rows 1 first)
if(NOT first MATCHES "^mod,10,0,100000,0,0\\.9[0-9]+,")
  message(FATAL_ERROR "first hashring.csv row is '${first}'")
endif()

execute_process(COMMAND ${DSIM} experiment hashring --out ${OUT} --trials 4
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "^dsim: --trials: hashring needs at least 5 trials")
  message(FATAL_ERROR "--trials 4 gave exit ${code} and '${errors}'")
endif()

# An --out that is a file: refused before the run, exit code 2.
file(WRITE ${OUT}/not-a-folder "")
execute_process(COMMAND ${DSIM} experiment hashring --out ${OUT}/not-a-folder
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "^dsim: --out: cannot create the folder ")
  message(FATAL_ERROR "--out onto a file gave exit ${code} and '${errors}'")
endif()
