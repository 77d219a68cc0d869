# Integration tests of `switchyard erlang`: run the real binary, check the
# JSON figures against the reference values of src/wfm/erlang_test.cc (see
# docs/kpis.md) and that bad input exits 2 with a message naming the flag.

# erlang_case(name ARGS a b ... [EXPECT_RC rc] [STDERR_REGEX re]
#             [STDOUT_REGEX re] [CHECKS check ...])
function(erlang_case name)
  cmake_parse_arguments(C "" "EXPECT_RC;STDERR_REGEX;STDOUT_REGEX" "ARGS;CHECKS" ${ARGN})
  list(JOIN C_ARGS "|" args)
  set(defs "-DBIN=$<TARGET_FILE:switchyard>" "-DARGS=erlang|${args}")
  if(DEFINED C_EXPECT_RC)
    list(APPEND defs "-DEXPECT_RC=${C_EXPECT_RC}")
  endif()
  if(DEFINED C_STDERR_REGEX)
    list(APPEND defs "-DSTDERR_REGEX=${C_STDERR_REGEX}")
  endif()
  if(DEFINED C_STDOUT_REGEX)
    list(APPEND defs "-DSTDOUT_REGEX=${C_STDOUT_REGEX}")
  endif()
  if(C_CHECKS)
    list(JOIN C_CHECKS "|" checks)
    list(APPEND defs "-DCHECKS=${checks}")
  endif()
  add_test(NAME erlang_cli_${name}
    COMMAND ${CMAKE_COMMAND} ${defs} -P ${CMAKE_CURRENT_SOURCE_DIR}/run_case.cmake)
  set_tests_properties(erlang_cli_${name} PROPERTIES TIMEOUT 30 LABELS "integration;erlang")
endfunction()

set(classic --calls 100 --interval-s 1800 --aht-s 180 --target-sl 0.8 --target-s 20)

# Erlang C, the classic worked example: 10 Erlangs, 80 % in 20 s -> 14 agents
# (SL(13) = 79.56 %), 14 / 0.7 = 20 scheduled.
erlang_case(classic_json
  ARGS ${classic} --shrinkage 0.3 --max-occupancy 0.85 --json
  CHECKS model=erlang_c mode=required agents=14 scheduled_agents=20
         traffic_erlangs=9.999999999..10.000000001
         p_wait=0.174131933..0.174131934
         service_level=0.888350019..0.888350020
         asa_s=7.83593701..7.83593702
         occupancy=0.714285714..0.714285715
         abandon_rate=0 stable=ON meets_goal=ON
         inputs.calls=100 inputs.shrinkage=0.2999999..0.3000001 inputs.agents=null)
erlang_case(classic_table
  ARGS ${classic} --shrinkage 0.3
  STDOUT_REGEX "agents required +14 *[\r\n].*scheduled agents +20.*service level +88\\.84 %")
erlang_case(occupancy_cap
  ARGS ${classic} --max-occupancy 0.7 --json
  CHECKS agents=15 occupancy=0.666666666..0.666666667)
erlang_case(evaluate_unstable
  ARGS ${classic} --agents 9 --json
  CHECKS mode=evaluate agents=9 stable=OFF p_wait=1 service_level=0 asa_s=null
         meets_goal=OFF inputs.agents=9)

# Erlang A (mean patience 120 s), checked against a birth-death chain.
erlang_case(erlang_a_json
  ARGS ${classic} --patience-s 120 --json
  CHECKS model=erlang_a agents=12
         p_wait=0.279807018..0.279807019
         service_level=0.825582644..0.825582645
         abandon_rate=0.0615973770..0.0615973771
         asa_s=6.33477417..6.33477418
         occupancy=0.782002185..0.782002186
         p_wait_le_t=0.859587294..0.859587295
         mean_wait_s=7.39168524..7.39168525)
erlang_case(erlang_a_evaluate
  ARGS ${classic} --patience-s 120 --agents 11 --json
  CHECKS agents=11 service_level=0.742208984..0.742208985 meets_goal=OFF)

# Scale: 20,000 calls per 30 min, AHT 300 s (3,333 Erlangs), and a tiny load.
erlang_case(large_erlang_c
  ARGS --calls 20000 --interval-s 1800 --aht-s 300 --target-sl 0.8 --target-s 20 --json
  CHECKS agents=3352 service_level=0.811910851..0.811910852)
erlang_case(large_erlang_a
  ARGS --calls 20000 --interval-s 1800 --aht-s 300 --target-sl 0.8 --target-s 20
       --patience-s 120 --json
  CHECKS agents=2933 abandon_rate=0.120100008..0.120100009)
erlang_case(tiny_load
  ARGS --calls 0.01 --aht-s 180 --shrinkage 0.3 --json
  CHECKS agents=1 scheduled_agents=2 p_wait=0.000999999..0.001000001)

# Bad input: exit 2 and a message naming the flag.
foreach(bad
    "calls_negative|--calls|-5|--aht-s|180|--calls"
    "calls_nan|--calls|nan|--aht-s|180|--calls"
    "calls_not_a_number|--calls|abc|--aht-s|180|--calls"
    "calls_missing|--aht-s|180|--calls"
    "interval_zero|--calls|100|--aht-s|180|--interval-s|0|--interval-s"
    "aht_negative|--calls|100|--aht-s|-1|--aht-s"
    "target_s_negative|--calls|100|--aht-s|180|--target-s|-1|--target-s"
    "target_sl_zero|--calls|100|--aht-s|180|--target-sl|0|--target-sl"
    "target_sl_above_one|--calls|100|--aht-s|180|--target-sl|1.5|--target-sl"
    "target_sl_unreachable|--calls|100|--aht-s|180|--target-sl|1|--target-sl"
    "shrinkage_one|--calls|100|--aht-s|180|--shrinkage|1|--shrinkage"
    "shrinkage_negative|--calls|100|--aht-s|180|--shrinkage|-0.1|--shrinkage"
    "max_occupancy_zero|--calls|100|--aht-s|180|--max-occupancy|0|--max-occupancy"
    "max_occupancy_above_one|--calls|100|--aht-s|180|--max-occupancy|1.2|--max-occupancy"
    "patience_negative|--calls|100|--aht-s|180|--patience-s|-3|--patience-s"
    "agents_zero|--calls|100|--aht-s|180|--agents|0|--agents"
    "agents_not_integer|--calls|100|--aht-s|180|--agents|2.5|--agents"
    "evaluate_bad_goal|--calls|100|--aht-s|180|--agents|12|--target-sl|2|--target-sl"
    "load_too_large|--calls|1e12|--aht-s|180|--calls")
  string(REPLACE "|" ";" parts "${bad}")
  list(POP_FRONT parts name)
  list(POP_BACK parts flag)
  erlang_case(bad_${name} ARGS ${parts} EXPECT_RC 2 STDERR_REGEX "${flag}")
endforeach()
