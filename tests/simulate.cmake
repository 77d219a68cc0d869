# Integration tests of `switchyard simulate`: run the real binary on the
# example scenarios, check the JSON keys and plausible figures, determinism,
# and that bad scenarios exit 2 with a message naming the file, line and key.

# simulate_case(name ARGS a b ... [EXPECT_RC rc] [STDERR_REGEX re]
#               [STDOUT_REGEX re] [CHECKS check ...] [REPEAT])
function(simulate_case name)
  cmake_parse_arguments(C "REPEAT" "EXPECT_RC;STDERR_REGEX;STDOUT_REGEX" "ARGS;CHECKS" ${ARGN})
  list(JOIN C_ARGS "|" args)
  set(defs "-DBIN=$<TARGET_FILE:switchyard>" "-DARGS=simulate|${args}")
  foreach(opt EXPECT_RC STDERR_REGEX STDOUT_REGEX)
    if(DEFINED C_${opt})
      list(APPEND defs "-D${opt}=${C_${opt}}")
    endif()
  endforeach()
  if(C_CHECKS)
    list(JOIN C_CHECKS "|" checks)
    list(APPEND defs "-DCHECKS=${checks}")
  endif()
  if(C_REPEAT)
    list(APPEND defs "-DREPEAT=ON")
  endif()
  add_test(NAME simulate_cli_${name}
    COMMAND ${CMAKE_COMMAND} ${defs} -P ${CMAKE_CURRENT_SOURCE_DIR}/run_case.cmake)
  set_tests_properties(simulate_cli_${name} PROPERTIES TIMEOUT 120 LABELS "integration;simulate")
endfunction()

set(examples ${PROJECT_SOURCE_DIR}/examples)
set(bad ${CMAKE_CURRENT_SOURCE_DIR}/simulate)
set(kpis offered answered abandoned service_level asa_s aht_s occupancy p_wait
         abandon_rate ewt_mae_s ewt_baseline_mae_s)
set(overall_keys)
set(queue_keys)
foreach(k IN LISTS kpis)
  list(APPEND overall_keys overall.${k})
  list(APPEND queue_keys queues.main.${k})
endforeach()

# M/M/N (17 agents, 15.33 Erlangs, 100 h): Erlang C says SL 48.9 %,
# P(wait) 58.8 %, ASA 84.6 s, occupancy 90.2 %; wide bounds for one seed.
simulate_case(mmn_json
  ARGS ${examples}/mmn.toml --json
  CHECKS ${overall_keys} ${queue_keys} run.events run.wall_s run.events_per_s
         overall.abandoned=0 overall.service_level=0.40..0.58 overall.p_wait=0.50..0.67
         overall.asa_s=55..115 overall.occupancy=0.87..0.93 overall.aht_s=228..252
         run.seed=1 run.agents=17 run.queues=1)
simulate_case(mmn_seed
  ARGS ${examples}/mmn.toml --json --seed 42
  CHECKS run.seed=42 overall.occupancy=0.87..0.93
  REPEAT)
simulate_case(mmn_table
  ARGS ${examples}/mmn.toml
  STDOUT_REGEX "queue +offered +answered.*[\r\n]main +[0-9]+.*[\r\n]overall +[0-9]+")
simulate_case(demo_json
  ARGS ${examples}/demo.toml --json --intervals
  CHECKS queues.sales.service_level queues.support.asa_s queues.billing.aht_s
         queues.chat.occupancy overall.offered=1500..2600 overall.occupancy=0.6..0.98
         intervals.20.offered run.agents=22 run.queues=4
  REPEAT)

simulate_case(bad_unknown_key
  ARGS ${bad}/bad_unknown_key.toml
  EXPECT_RC 2 STDERR_REGEX "bad_unknown_key\\.toml:9:1: queues\\[0\\]\\.max_wiat_s: unknown key")
simulate_case(bad_skill
  ARGS ${bad}/bad_skill.toml --json
  EXPECT_RC 2 STDERR_REGEX "bad_skill\\.toml:6:22: queues\\[0\\]\\.skills\\[1\\]: unknown skill 'french'")
simulate_case(bad_rate
  ARGS ${bad}/bad_rate.toml
  EXPECT_RC 2 STDERR_REGEX "bad_rate\\.toml:7:[0-9]+: queues\\[0\\]\\.arrivals\\.rate_per_hour: must be >= 0")
simulate_case(missing_file
  ARGS ${bad}/no_such_file.toml
  EXPECT_RC 2 STDERR_REGEX "no_such_file\\.toml: cannot open")

# --store: the run's events go into an empty store; a store with events, a
# bad URL and a bad --start exit 2 (docs/simulator.md, "Writing history").
add_test(NAME simulate_cli_store
  COMMAND ${CMAKE_COMMAND} -DBIN=$<TARGET_FILE:switchyard> -DSCENARIO=${examples}/demo.toml
          -DDIR=${CMAKE_CURRENT_BINARY_DIR}/simulate_store -P ${CMAKE_CURRENT_SOURCE_DIR}/simulate_store.cmake)
set_tests_properties(simulate_cli_store PROPERTIES TIMEOUT 240 LABELS "integration;simulate")
