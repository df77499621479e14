# Runs `dsim experiment load-balancing` at full size and checks its CSV (the issue's header, one
# row per trial: 6 policies x 2 sizes x 6 loads x 20 trials, every policy name), the table and
# the PASS verdict; then `--trials 2`, refused with exit code 2 and one line naming the flag.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${DSIM} experiment load-balancing --out ${OUT} --jobs 2
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "dsim experiment load-balancing exited ${code}: ${errors}\n${output}")
endif()
foreach(expected "Mean sojourn" "99th percentile of the sojourn" "supermarket, n -> inf" "E_n/M/1"
                 "not converged: printed only" "PASS: all [0-9]+ judged figures inside their bands")
  if(NOT output MATCHES "${expected}")
    message(FATAL_ERROR "no '${expected}' in the output:\n${output}")
  endif()
endforeach()
file(STRINGS ${OUT}/load_balancing.csv rows)
list(GET rows 0 header)
if(NOT header STREQUAL "policy,servers,load,trial,requests,mean_sojourn,p99_sojourn")
  message(FATAL_ERROR "load_balancing.csv header is '${header}'")
endif()
list(LENGTH rows count)
if(NOT count EQUAL 1441)
  message(FATAL_ERROR "load_balancing.csv has ${count} lines, expected 1441")
endif()
foreach(policy random round-robin least-connections jsq two-choices consistent-hash-bounded)
  set(matching ${rows})
  list(FILTER matching INCLUDE REGEX "^${policy},(100|1000),0\\.(50|70|80|90|95|99),[0-9]+,[0-9]+,[0-9.]+,[0-9.]+$")
  list(LENGTH matching policy_rows)
  if(NOT policy_rows EQUAL 240)
    message(FATAL_ERROR "load_balancing.csv has ${policy_rows} well-formed rows for ${policy}, expected 240")
  endif()
endforeach()

execute_process(COMMAND ${DSIM} experiment load-balancing --out ${OUT} --trials 2
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "^dsim: --trials: load-balancing needs at least 3 trials")
  message(FATAL_ERROR "--trials 2 gave exit ${code} and '${errors}'")
endif()
