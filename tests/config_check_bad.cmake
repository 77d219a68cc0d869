# Runs `switchyard config check` on a bad file: must exit 2 and name the key and line.
execute_process(COMMAND ${BIN} config check ${FILE} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "expected exit 2, got ${rc}: ${out}${err}")
endif()
if(NOT err MATCHES "unknown setting http.prot \\(line 3\\)")
  message(FATAL_ERROR "message does not name the key and line: ${err}")
endif()
