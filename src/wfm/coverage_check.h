#pragma once
// The multi-skill check of a planned schedule by simulation (docs/wfm.md,
// "Multi-skill check"): queues that share agents cannot be staffed queue by
// queue with Erlang, so the plan -- arrivals and AHT per queue and interval,
// agents with the queues they serve and their on-duty periods -- is run
// through the discrete-event simulator (src/sim, the real routing engine),
// several seeded replications, and the achieved service level per queue and
// interval is returned next to the target and to Erlang's single-queue
// prediction.
//
// Deterministic: the same input gives the same result (seeded; no clock, no
// I/O). Threading: none; safe to call from any thread. Cost: the simulator's,
// a few us per contact per replication (3 queues, 60 agents, one day, 10
// replications: bench/RESULTS.md, "Issue 11").
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace switchyard::wfm {

// One queue of the plan. calls and aht_s have one value per interval, the
// same number of intervals for every queue.
struct CoverageQueue {
  std::string name;           // unique, non-empty
  std::vector<double> calls;  // expected contacts offered per interval (Poisson mean, >= 0)
  std::vector<double> aht_s;  // mean handle time per interval (s) > 0; exponential
  double patience_s = 0;      // mean patience (s), exponential; 0 = nobody abandons
  double target_s = 20;       // service-level threshold T (s) >= 0
  double target_sl = 0.8;     // the goal (0, 1], reported beside the result
};

// One agent of the plan: the queues it serves (all equally: one skill per
// queue) and when it is on duty. No periods = not working.
struct CoverageAgent {
  std::vector<uint32_t> queues;  // indices into CoverageInput::queues
  // [start, end) in ms since the plan's start, sorted, start < end, each at
  // or after the previous end; gaps are breaks.
  std::vector<std::pair<int64_t, int64_t>> on_duty_ms;
};

struct CoverageInput {
  int64_t interval_ms = 900'000;  // length of one interval (ms) > 0
  std::vector<CoverageQueue> queues;
  std::vector<CoverageAgent> agents;
  int replications = 10;  // independent simulated runs, 1..1000
  uint64_t seed = 1;      // replication r uses seed + r
};

// One queue and interval. SL counts every offered contact (no short-abandon
// exclusion, like Erlang): answered within T / offered.
struct CoverageCell {
  double offered = 0;      // mean contacts offered per replication
  double achieved_sl = 1;  // pooled over the replications (1 with nothing offered)
  double target_sl = 0;    // the queue's target_sl
  // Erlang C (A with patience) for this queue alone with `erlang_agents`
  // agents rounded down: a reference that ignores sharing beyond splitting.
  double erlang_sl = 1;
  // Agent time on duty in the interval for this queue, in agents: each
  // eligible agent's on-duty share of the interval divided by the number of
  // queues it serves.
  double erlang_agents = 0;
};

struct CoverageResult {
  std::vector<std::vector<CoverageCell>> cells;  // [queue][interval]
  uint64_t contacts = 0;                         // simulated, all replications
};

// Runs the check. Errors are kInvalidArgument naming the field
// ("queues[1].aht_s[4]", "agents[7].on_duty_ms[2]", "replications", ...);
// a simulator setup failure is kInternal.
Result<CoverageResult> check_coverage(const CoverageInput& in);

}  // namespace switchyard::wfm
