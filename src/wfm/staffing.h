#pragma once
// The staffing requirement per queue and interval: how many agents must be on
// the phones (and scheduled, after shrinkage) so that each interval of a
// forecast meets a goal -- a service level, an ASA or an abandonment target
// under Erlang C or Erlang A, with an occupancy cap (docs/wfm.md, "Staffing
// requirement"). The maths is wfm/erlang.h; this file adds zero-volume
// intervals, per-interval inputs and a batch over many queues.
//
// Pure functions, no I/O, no clock; safe to call from any thread. Cost: about
// one Erlang C evaluation per interval (O(agents) multiplications); Erlang A
// about three passes over the queue positions (tens of terms each) plus one
// Erlang B recurrence per interval, whatever the target; the search starts at
// the previous interval's answer scaled by the change of load
// (bench/RESULTS.md, "Issue 11: staffing requirement").
#include <span>
#include <vector>

#include "core/result.h"
#include "wfm/erlang.h"

namespace switchyard::wfm {

// One queue's forecast and goal. calls[i] and aht_s[i] belong to interval i;
// both vectors have the same length (the number of intervals).
struct QueueForecast {
  double interval_s = 900;    // interval length (s) > 0
  std::vector<double> calls;  // contacts offered per interval (>= 0, fractional allowed)
  std::vector<double> aht_s;  // average handle time per interval (s) > 0
  double target_s = 20;       // service-level threshold T (s) >= 0
  double patience_s = 0;      // mean patience (s); 0 = Erlang C, > 0 = Erlang A
  StaffingGoal goal;          // target kind and bound, occupancy cap, shrinkage
};

// The requirement of one interval and the model's figures at that count.
struct IntervalRequirement {
  int agents = 0;            // on the phones; 0 for an interval without calls
  int scheduled_agents = 0;  // scheduled_agents(agents, goal.shrinkage)
  double traffic_erlangs = 0;
  double service_level = 1;  // 0..1 (1 without calls)
  double asa_s = 0;          // mean wait of answered contacts (s)
  double occupancy = 0;      // 0..1
  double abandon_rate = 0;   // 0..1 (0 under Erlang C)
};

// The requirement for one interval's workload. calls == 0 needs 0 agents and
// gives the figures of an idle queue (SL 1, ASA 0, occupancy 0). `hint` as
// in required_agents() (the answer does not depend on it). Errors are those
// of required_agents(), naming the field ("calls", "aht_s", "target_asa_s",
// ...); the goal is checked even for calls == 0.
Result<IntervalRequirement> staff_interval(const Workload& w, const StaffingGoal& goal,
                                           int hint = 0);

// Requirements of many queues: result[q][i] for queues[q], interval i. The
// same answers as staff_interval() on each interval (each interval starts
// its search at the previous answer times the ratio of offered loads). The first error stops the
// batch; its field is prefixed with the place, e.g. "queues[3].calls[17]",
// "queues[0].aht_s", "queues[2].goal.target_abandon".
Result<std::vector<std::vector<IntervalRequirement>>> staff_queues(
    std::span<const QueueForecast> queues);

// staff_queues() written into `out`, reusing the storage of the vectors it
// already holds, so that a caller staffing again and again (a what-if loop, a
// benchmark) allocates only the first time. On success `out` holds exactly
// what staff_queues() returns (queues.size() rows); on error the error is
// staff_queues()'s and `out` holds valid vectors of unspecified contents.
Result<void> staff_queues(std::span<const QueueForecast> queues,
                          std::vector<std::vector<IntervalRequirement>>& out);

}  // namespace switchyard::wfm
