# Runs `dsim experiment demers` or `dsim experiment swim` (NAME) with --trials 20, the fewest each
# accepts, and checks the verdict line, the band legend and each CSV's exact header (issue 14) and
# row count; then --trials 19, refused with exit code 2 and one line naming the flag.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${DSIM} experiment ${NAME} --out ${OUT} --trials 20 --jobs 2
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "dsim experiment ${NAME} exited ${code}: ${errors}\n${output}")
endif()
foreach(expected "How each band is derived" "PASS: all [0-9]+ judged figures inside their bands")
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
if(NAME STREQUAL "demers")
  # Tables 1, 2 and 3 with k = 1..5, 1..5 and 1..3: 13 rows x 20 trials, and the header.
  check_csv(demers.csv "table,k,trial,residue,traffic,t_ave,t_last" 261)
  if(NOT output MATCHES "Demers et al. 1987, Table 1")
    message(FATAL_ERROR "no Table 1 rows in the output:\n${output}")
  endif()
else()
  # n = 8, 16, ..., 1000 (8 sizes) x 20 trials; 4 delivery rates x k = 1..3.
  check_csv(detection.csv "n,trial,first_detection_periods" 161)
  check_csv(false_positive.csv "delivery,k,probes,false_failures" 13)
  if(NOT output MATCHES "e/\\(e-1\\)")
    message(FATAL_ERROR "no e/(e-1) rows in the output:\n${output}")
  endif()
endif()

execute_process(COMMAND ${DSIM} experiment ${NAME} --out ${OUT} --trials 19
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "^dsim: --trials: ${NAME} needs at least 20 trials")
  message(FATAL_ERROR "--trials 19 gave exit ${code} and '${errors}'")
endif()
