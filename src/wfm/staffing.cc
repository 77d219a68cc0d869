// Staffing requirement per interval and the batch over queues (staffing.h).
#include "wfm/staffing.h"

#include <cmath>
#include <string>

namespace switchyard::wfm {
namespace {

// The error of queue q's interval i with its field placed: per-interval
// inputs get their index, the goal's fields their struct.
Error placed(Error e, size_t q, size_t i) {
  const std::string at = "queues[" + std::to_string(q) + "].";
  if (e.field == "calls" || e.field == "aht_s") {
    e.field = at + e.field + "[" + std::to_string(i) + "]";
  } else if (e.field == "target_sl" || e.field == "target_asa_s" || e.field == "target_abandon" ||
             e.field == "max_occupancy" || e.field == "shrinkage" || e.field == "target") {
    e.field = at + "goal." + e.field;
  } else if (!e.field.empty()) {
    e.field = at + e.field;
  }
  return e;
}

}  // namespace

Result<IntervalRequirement> staff_interval(const Workload& w, const StaffingGoal& goal, int hint) {
  // With calls == 0 the search still runs (at n = 1, cheaply) so that the
  // inputs and the goal are checked by the same rules as with calls.
  auto s = required_agents(w, goal, hint);
  if (!s) return std::unexpected(s.error());
  if (w.calls == 0) return IntervalRequirement{};
  const QueueFigures& f = s->figures;
  return IntervalRequirement{.agents = f.agents,
                             .scheduled_agents = s->scheduled_agents,
                             .traffic_erlangs = f.traffic_erlangs,
                             .service_level = f.service_level,
                             .asa_s = f.asa_s,
                             .occupancy = f.occupancy,
                             .abandon_rate = f.abandon_rate};
}

Result<std::vector<std::vector<IntervalRequirement>>> staff_queues(
    std::span<const QueueForecast> queues) {
  std::vector<std::vector<IntervalRequirement>> out;
  if (auto ok = staff_queues(queues, out); !ok) return std::unexpected(ok.error());
  return out;
}

Result<void> staff_queues(std::span<const QueueForecast> queues,
                          std::vector<std::vector<IntervalRequirement>>& out) {
  // resize() keeps the rows already there (and their capacity); each row is
  // cleared before it is filled.
  out.resize(queues.size());
  for (size_t q = 0; q < queues.size(); ++q) {
    const QueueForecast& f = queues[q];
    if (f.aht_s.size() != f.calls.size()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "must have one value per interval: " + std::to_string(f.calls.size()) +
                            " like calls (got " + std::to_string(f.aht_s.size()) + ")",
                        "queues[" + std::to_string(q) + "].aht_s");
    }
    out[q].clear();
    out[q].reserve(f.calls.size());
    Workload w{.interval_s = f.interval_s, .target_s = f.target_s, .patience_s = f.patience_s};
    // The search starts at the last answer scaled by the change of load
    // (agents grow about in proportion to the Erlangs), which is usually
    // within one agent of the new answer; only the cost depends on it.
    int last_agents = 0;
    double last_traffic = 0;
    for (size_t i = 0; i < f.calls.size(); ++i) {
      w.calls = f.calls[i];
      w.aht_s = f.aht_s[i];
      int hint = last_agents;
      if (last_agents > 0) {
        const double guess = last_agents * (w.calls * w.aht_s / w.interval_s / last_traffic);
        if (guess >= 1 && guess <= kMaxAgents) hint = static_cast<int>(std::floor(guess));
      }
      auto r = staff_interval(w, f.goal, hint);
      if (!r) return std::unexpected(placed(r.error(), q, i));
      if (r->agents > 0) {
        last_agents = r->agents;
        last_traffic = r->traffic_erlangs;
      }
      out[q].push_back(*r);
    }
  }
  return {};
}

}  // namespace switchyard::wfm
