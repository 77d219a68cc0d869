# `switchyard simulate SCENARIO --store URL`: the run's events go into an
# empty store (the final stderr line counts them, the JSON report still
# comes), and a second run into the same store, a bad URL and a bad --start
# are refused with exit code 2 and a message, and so is a history that
# would end in the future.
# cmake -DBIN=<switchyard> -DSCENARIO=<toml> -DDIR=<scratch dir> -P simulate_store.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${DIR}")
set(store "sqlite:${DIR}/history.db")

function(simulate expect_rc)
  execute_process(COMMAND "${BIN}" simulate "${SCENARIO}" --json ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  set(context "switchyard simulate ${SCENARIO} --json ${ARGN}\n--- exit: ${rc}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  if(NOT rc STREQUAL "${expect_rc}")
    message(FATAL_ERROR "expected exit code ${expect_rc}\n${context}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
  set(context "${context}" PARENT_SCOPE)
endfunction()

simulate(0 --store ${store} --start 2021-03-01)
string(JSON events GET "${out}" run events)
if(NOT err MATCHES "wrote ${events} events \\(seq 1\\.\\.${events}, 2021-03-01T00:00:00\\+00:00 to 2021-03-02T00:00:00\\+00:00\\) to sqlite:")
  message(FATAL_ERROR "no line saying the ${events} engine events were written\n${context}")
endif()

simulate(2 --store ${store})
if(NOT err MATCHES "--store sqlite:.*history\\.db: the store already holds events")
  message(FATAL_ERROR "a store with events must be refused by name\n${context}")
endif()

simulate(2 --store mysql://localhost/db)
if(NOT err MATCHES "--store mysql://localhost/db: unknown store URL scheme")
  message(FATAL_ERROR "a bad URL must be named\n${context}")
endif()
if(EXISTS "${CMAKE_CURRENT_BINARY_DIR}/mysql:")
  message(FATAL_ERROR "a bad URL made a directory")
endif()

simulate(2 --store "sqlite:${DIR}/other.db" --start 2026-10-32)
if(NOT err MATCHES "--start: expected a date \\(2026-03-08\\) or a time.*got '2026-10-32'")
  message(FATAL_ERROR "a bad --start must be named\n${context}")
endif()

# History must be over before a server runs on it.
simulate(2 --store "sqlite:${DIR}/other.db" --start 9999-01-01)
if(NOT err MATCHES "--start: with --store the run must end by now \\(it would end at 9999-01-02T00:00:00\\+00:00\\)")
  message(FATAL_ERROR "a history ending in the future must be refused\n${context}")
endif()
