#pragma once
// Simulation scenarios: what the simulated contact center looks like (skills,
// queues, agents, arrivals, handle times, patience). Read from TOML; the
// format is documented in docs/simulator.md.
//
// Names are resolved while parsing: every id inside the core configs held
// here (SkillId, QueueId, TeamId, SiteId) is an index into this Scenario's
// own lists (skills, queues, teams, sites). The Simulator maps them to the
// engine's ids.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "core/types.h"
#include "sim/random.h"

namespace switchyard::sim {

inline constexpr int64_t kDayMs = 86'400'000;

struct SimulationSpec {
  int64_t duration_ms = kDayMs;
  uint64_t seed = 1;
  int64_t interval_ms = 900'000;  // arrival-profile and rollup interval
  int64_t warmup_ms = 0;          // KPIs ignore contacts arriving before this
  // Arrival-rate factor per local weekday, Monday first (7 values >= 0);
  // empty = 1 every day.
  std::vector<double> weekday_factors;
};

// The customer population (docs/simulator.md, "[customers]"): arrivals
// draw a customer uniformly from `count` ("cust-1" .. "cust-<count>"); after
// a handled contact the customer comes back about the same thing (the same
// queue) with `repeat_probability`, `repeat_after` its end. count 0 = the
// contacts carry no customer id (no FCR).
struct CustomerSpec {
  int64_t count = 0;
  double repeat_probability = 0.2;
  DistSpec repeat_after{DistSpec::Kind::kLognormal, 86'400, 86'400};
  int64_t fcr_window_ms = 7 * kDayMs;  // the KPIs' FCR window
};

struct CustomerGroup {
  std::string name;
  double share = 0;  // of all arrivals (0..1); the rest have no group
  int priority = 0;  // added to the contact's priority
};

struct QueueSpec {
  core::QueueConfig config;  // ids are scenario indices (see the top of the file)
  // Arrival rate per interval (contacts per second), piecewise constant,
  // repeating after rate_per_s.size() intervals. All zero = no arrivals.
  std::vector<double> rate_per_s;
  DistSpec handle;    // talk time (after-contact work comes from the engine)
  // Factor on the drawn talk time per interval (as rate_per_s: the same
  // intervals, cyclic); empty = 1. A forecast's AHT per interval is
  // handle.mean x factor. Not in the TOML format (set by programs).
  std::vector<double> handle_factor;
  DistSpec patience;  // kNone = infinitely patient
  int line = 0;       // of its [[queues]] table, for messages
};

struct AgentGroupSpec {
  std::string name;  // agents are named "<name>-<n>", n = 1..count ...
  std::vector<std::string> names;  // ... unless named here (then count = names.size())
  int count = 0;
  uint32_t team = core::kNoId;  // scenario indices
  uint32_t site = core::kNoId;
  std::vector<core::AgentSkill> skills;
  std::array<int, core::kChannelCount> capacity = {1, 1, 1, 1, 1};
  // Daily shift [start, end) in ms since midnight; end <= start runs past
  // midnight. has_shift false = logged in for the whole run.
  bool has_shift = false;
  int64_t shift_start_ms = 0;
  int64_t shift_end_ms = 0;
  int64_t answer_delay_ms = 0;  // from offer to accept
  // On-duty periods [start, end) in ms since the run's start (the parser
  // wants them sorted and not overlapping; the simulator sorts them and joins
  // touching or overlapping ones). Gaps are breaks. Non-empty: the agents
  // log in only in these, whatever has_shift says; periods are cut at the
  // run's start and end.
  std::vector<std::pair<int64_t, int64_t>> on_duty_ms;
};

struct Scenario {
  SimulationSpec simulation;
  core::EngineSettings settings;
  int64_t short_abandon_ms = 5'000;
  std::vector<std::string> skills;
  std::vector<std::string> teams;
  std::vector<std::string> sites;
  std::vector<CustomerGroup> customer_groups;
  CustomerSpec customers;
  std::vector<QueueSpec> queues;
  std::vector<AgentGroupSpec> agents;

  int total_agents() const;
  // The engine name of agent n (1..count) of agents[group].
  std::string agent_name(size_t group, int n) const;
};

// Parses a scenario. `source_name` labels messages ("file:line:col: key: what").
// Errors are kInvalidArgument with `field` = the offending key path.
Result<Scenario> parse_scenario(std::string_view toml_text, std::string_view source_name);
Result<Scenario> load_scenario(const std::string& path);

// Seconds since midnight from "HH:MM" or "HH:MM:SS"; -1 if malformed.
int64_t parse_time_of_day_s(std::string_view s);

}  // namespace switchyard::sim
