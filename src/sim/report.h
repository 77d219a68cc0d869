#pragma once
// Output of a simulation run: JSON with stable keys, or a readable table.
// Keys (docs/simulator.md): overall.<kpi>, queues.<name>.<kpi>, run.<stat>.
#include <string>

#include "sim/simulator.h"

namespace switchyard::sim {

struct ReportOptions {
  double wall_s = -1;        // wall time of the run (measured by the caller); < 0 = omit
  bool intervals = false;    // add per-interval overall figures
};

// Pretty-printed JSON document (ends with a newline).
std::string report_json(const Simulator& sim, const ReportOptions& opts = {});
// Human-readable summary table.
std::string report_table(const Simulator& sim, const ReportOptions& opts = {});

}  // namespace switchyard::sim
