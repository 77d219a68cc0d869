#pragma once
// Formatting of Erlang staffing results for people (a table) and for programs
// (JSON). Pure functions, no I/O: the `switchyard erlang` command prints what
// these return.
#include <string>

#include "wfm/erlang.h"

namespace switchyard::wfm {

// What was asked and what came out.
struct ErlangReport {
  Workload workload;
  StaffingGoal goal;
  // 0: `figures` are at the required number of agents for `goal`;
  // otherwise the number of agents the user asked to evaluate.
  int agents_given = 0;
  QueueFigures figures;
  int scheduled_agents = 0;  // scheduled_agents(figures.agents, goal.shrinkage)
};

// A readable table, one figure per line, ending in a newline. Fractions are
// shown as percentages.
std::string format_table(const ErlangReport& report);

// One JSON object without a trailing newline. Stable top-level keys: model
// ("erlang_c" | "erlang_a"), mode ("required" | "evaluate"), agents,
// scheduled_agents, traffic_erlangs, p_wait, service_level, p_wait_le_t,
// asa_s, mean_wait_s, occupancy, abandon_rate, stable, meets_goal, inputs
// (an object echoing calls, interval_s, aht_s, target_s, target_sl,
// patience_s, shrinkage, max_occupancy, agents). Fractions are 0..1 numbers,
// times are seconds; non-finite values (unstable queue) are null; numbers are
// written in the shortest form that reads back to the same double.
std::string format_json(const ErlangReport& report);

}  // namespace switchyard::wfm
