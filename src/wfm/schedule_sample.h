#pragma once
// A realistic, seeded schedule problem (schedule.h) for tests, benchmarks and demos: full- and
// part-time agents with 1-3 of up to 4 skill groups, early / day / late / part-time templates with
// a paid break, an unpaid 30-60 min lunch and a second break, some unavailable days, leave and
// preferences, and a requirement per group with daily peaks (10-11 h, 14-15 h) and a weekly shape
// (Monday high, Sunday low), scaled so the requirement is `load` times the agents' paid capacity.
// Pure and deterministic: the same spec gives the same problem.
#include <cstdint>

#include "wfm/schedule.h"

namespace switchyard::wfm {

struct SampleSpec {
  int agents = 500;
  int days = 7;           // a multiple of 7
  int interval_min = 15;  // 15 or 30
  int skill_groups = 4;   // 1..4
  double load = 0.9;      // required agent-hours / agents' contracted paid hours (midpoint)
  uint64_t seed = 1;
};

ScheduleProblem sample_problem(const SampleSpec& spec);

}  // namespace switchyard::wfm
