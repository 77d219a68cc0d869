#pragma once
// The schedule generator (docs/wfm.md "Schedules"): builds shifts for every agent over the horizon
// that cover the requirement per skill group with the least weighted under- and over-staffing
// (Weights in schedule.h), within every rule of check(): a generated schedule has no violation.
//
// Two methods on the same input:
//  - kGreedy, the baseline: rounds over the agents (fewest skills first); in each round every
//    agent takes the one shift (day, template, start, length, skill) that lowers the objective
//    most against the coverage so far, while the rules allow; then agents short of their
//    contract minimum get the least harmful shifts (or longer ones) until it is met. Breaks are
//    placed where the agent is missed least.
//  - kLocalSearch (default): the greedy schedule improved by late-acceptance hill climbing
//    (Burke & Bykov) over moves that keep every rule: re-time a shift (start, length, template,
//    skill), move a shift to a day off, add or remove a shift, move or re-place breaks. The best
//    schedule seen is returned, so it is never worse than the greedy one.
//
// Deterministic: the same problem, options and seed give the same schedule (its own PRNG, no
// std::distribution), unless `stop` ends the search early. Pure: no I/O, no clock (a time budget
// is the caller's `stop`). Cost: candidate lists of O(agents * days * starts * lengths) entries;
// about a microsecond per local-search iteration for a 500-agent week.
#include <cstdint>
#include <functional>

#include "core/result.h"
#include "wfm/schedule.h"

namespace switchyard::wfm {

enum class ScheduleMethod { kGreedy, kLocalSearch };

struct GenerateOptions {
  ScheduleMethod method = ScheduleMethod::kLocalSearch;
  uint64_t seed = 1;
  int64_t max_iterations = 2'000'000;  // local-search moves tried (>= 0)
  int late_acceptance_length = 1000;   // history length of late acceptance (>= 1)
  // Asked every 4096 iterations; returning true ends the search (e.g. a deadline on
  // core/clock.h's monotonic_ns()). Empty: run max_iterations.
  std::function<bool()> stop = {};
};

struct GenerateResult {
  Schedule schedule;
  CoverageReport report;  // of `schedule` (evaluate())
  CoverageReport greedy;  // of the greedy baseline on the same input
  int64_t iterations = 0;
  int64_t accepted_moves = 0;
};

// Errors: validate()'s (naming the field); options ("max_iterations",
// "late_acceptance_length"); kInvalidArgument naming "agents[i].contract.min_weekly_min" when an
// agent's weekly minimum cannot be met within its availability, leave and the rules.
Result<GenerateResult> generate(const ScheduleProblem& problem, const GenerateOptions& options);

}  // namespace switchyard::wfm
