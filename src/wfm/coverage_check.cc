// The multi-skill check by simulation (coverage_check.h).
#include "wfm/coverage_check.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "sim/scenario.h"
#include "sim/simulator.h"
#include "wfm/erlang.h"

namespace switchyard::wfm {
namespace {

// prefix + i + suffix. (Not "literal" + std::to_string(i): g++ 12 at -O3
// warns -Wrestrict on it, a false positive.)
std::string indexed(std::string_view prefix, size_t i, std::string_view suffix = "") {
  std::string s(prefix);
  s += std::to_string(i);
  s += suffix;
  return s;
}

Error bad(std::string field, std::string what) {
  return Error{ErrorCode::kInvalidArgument, std::move(what), std::move(field)};
}

Result<void> validate(const CoverageInput& in) {
  if (in.interval_ms <= 0) return std::unexpected(bad("interval_ms", "must be > 0"));
  if (in.replications < 1 || in.replications > 1000) {
    return std::unexpected(bad("replications", "must be between 1 and 1000"));
  }
  if (in.queues.empty()) return std::unexpected(bad("queues", "must not be empty"));
  const size_t intervals = in.queues[0].calls.size();
  if (intervals == 0) return std::unexpected(bad("queues[0].calls", "must not be empty"));
  if (static_cast<double>(intervals) * static_cast<double>(in.interval_ms) > 366.0 * sim::kDayMs) {
    return std::unexpected(bad("queues[0].calls", "spans more than 366 days"));
  }
  for (size_t q = 0; q < in.queues.size(); ++q) {
    const CoverageQueue& c = in.queues[q];
    const std::string at = indexed("queues[", q, "].");
    if (c.name.empty()) return std::unexpected(bad(at + "name", "must not be empty"));
    for (size_t p = 0; p < q; ++p) {
      if (in.queues[p].name == c.name) return std::unexpected(bad(at + "name", "is used twice"));
    }
    if (c.calls.size() != intervals) {
      return std::unexpected(
          bad(at + "calls", indexed("must have ", intervals, " intervals like queues[0].calls")));
    }
    if (c.aht_s.size() != intervals) {
      return std::unexpected(bad(at + "aht_s", "must have one value per interval"));
    }
    for (size_t i = 0; i < intervals; ++i) {
      if (!(std::isfinite(c.calls[i]) && c.calls[i] >= 0)) {
        return std::unexpected(bad(at + indexed("calls[", i, "]"), "must be a finite number >= 0"));
      }
      if (!(std::isfinite(c.aht_s[i]) && c.aht_s[i] > 0)) {
        return std::unexpected(
            bad(at + indexed("aht_s[", i, "]"), "must be a finite number of seconds > 0"));
      }
    }
    if (!(std::isfinite(c.patience_s) && c.patience_s >= 0)) {
      return std::unexpected(bad(at + "patience_s", "must be a finite number of seconds >= 0"));
    }
    if (!(std::isfinite(c.target_s) && c.target_s >= 0)) {
      return std::unexpected(bad(at + "target_s", "must be a finite number of seconds >= 0"));
    }
    if (!(c.target_sl > 0 && c.target_sl <= 1)) {
      return std::unexpected(bad(at + "target_sl", "must be in (0, 1]"));
    }
  }
  for (size_t a = 0; a < in.agents.size(); ++a) {
    const CoverageAgent& g = in.agents[a];
    const std::string at = indexed("agents[", a, "].");
    for (size_t k = 0; k < g.queues.size(); ++k) {
      if (g.queues[k] >= in.queues.size()) {
        return std::unexpected(bad(at + indexed("queues[", k, "]"), "is not a queue index"));
      }
    }
    for (size_t k = 0; k < g.on_duty_ms.size(); ++k) {
      const auto [s, e] = g.on_duty_ms[k];
      const std::string f = at + indexed("on_duty_ms[", k, "]");
      if (!(s >= 0 && s < e)) return std::unexpected(bad(f, "needs 0 <= start < end"));
      if (k > 0 && s < g.on_duty_ms[k - 1].second) {
        return std::unexpected(bad(f, "must start at or after the previous period's end"));
      }
    }
  }
  return {};
}

// The scenario of the plan: one skill per queue, one agent group per agent
// with at least one period, no offer timeouts, no wrap-up, no short-abandon
// exclusion (the SL of every offered contact, as Erlang's).
sim::Scenario scenario_of(const CoverageInput& in) {
  const size_t intervals = in.queues[0].calls.size();
  const double interval_s = static_cast<double>(in.interval_ms) / 1000.0;
  sim::Scenario sc;
  sc.simulation.duration_ms = static_cast<int64_t>(intervals) * in.interval_ms;
  sc.simulation.interval_ms = in.interval_ms;
  sc.settings.offer_timeout_ms = 0;
  sc.settings.default_acw_ms = 0;
  sc.short_abandon_ms = 0;
  for (size_t q = 0; q < in.queues.size(); ++q) {
    const CoverageQueue& c = in.queues[q];
    sc.skills.push_back(indexed("q", q));
    sim::QueueSpec spec;
    spec.config.name = c.name;
    spec.config.skills = {core::SkillRequirement{static_cast<core::SkillId>(q), 1}};
    spec.config.sl_target_ms = std::llround(c.target_s * 1000);
    spec.config.sl_target_pct = 100 * c.target_sl;
    // Talk time: exponential with the call-weighted mean AHT, scaled per
    // interval to that interval's AHT.
    double calls = 0, work = 0;
    for (size_t i = 0; i < intervals; ++i) {
      calls += c.calls[i];
      work += c.calls[i] * c.aht_s[i];
    }
    const double mean_aht = calls > 0 ? work / calls : c.aht_s[0];
    spec.handle = {sim::DistSpec::Kind::kExponential, mean_aht, 0};
    if (c.patience_s > 0) spec.patience = {sim::DistSpec::Kind::kExponential, c.patience_s, 0};
    for (size_t i = 0; i < intervals; ++i) {
      spec.rate_per_s.push_back(c.calls[i] / interval_s);
      spec.handle_factor.push_back(c.aht_s[i] / mean_aht);
    }
    sc.queues.push_back(std::move(spec));
  }
  for (size_t a = 0; a < in.agents.size(); ++a) {
    const CoverageAgent& g = in.agents[a];
    if (g.on_duty_ms.empty()) continue;  // an empty list would mean "all day" to the simulator
    sim::AgentGroupSpec spec;
    spec.name = indexed("agent", a);
    spec.count = 1;
    for (uint32_t q : g.queues) spec.skills.push_back(core::AgentSkill{q, 3});
    spec.on_duty_ms = g.on_duty_ms;
    sc.agents.push_back(std::move(spec));
  }
  return sc;
}

}  // namespace

Result<CoverageResult> check_coverage(const CoverageInput& in) {
  if (auto ok = validate(in); !ok) return std::unexpected(ok.error());
  const size_t queues = in.queues.size(), intervals = in.queues[0].calls.size();
  const sim::Scenario sc = scenario_of(in);
  // Pooled counts per queue and interval over the replications.
  std::vector<std::vector<metrics::KpiCounters>> sums(queues,
                                                      std::vector<metrics::KpiCounters>(intervals));
  CoverageResult out;
  for (int r = 0; r < in.replications; ++r) {
    sim::SimOptions opts;
    opts.seed = in.seed + static_cast<uint64_t>(r);
    opts.per_queue_intervals = true;
    sim::Simulator sim(sc, opts);
    if (auto ok = sim.setup(); !ok) {
      return make_error(ErrorCode::kInternal, "simulator setup: " + ok.error().message);
    }
    sim.run();
    out.contacts += sim.stats().arrivals;
    for (size_t q = 0; q < queues; ++q) {
      for (size_t i = 0; i < intervals; ++i) {
        metrics::merge(sums[q][i], sim.kpis().queue_interval(sim.queue_id(q), i));
      }
    }
  }
  const double interval_ms = static_cast<double>(in.interval_ms);
  out.cells.assign(queues, std::vector<CoverageCell>(intervals));
  for (size_t q = 0; q < queues; ++q) {
    const CoverageQueue& c = in.queues[q];
    for (size_t i = 0; i < intervals; ++i) {
      CoverageCell& cell = out.cells[q][i];
      const metrics::KpiCounters& k = sums[q][i];
      cell.offered = static_cast<double>(k.offered) / in.replications;
      if (k.offered > 0) {
        cell.achieved_sl = static_cast<double>(k.answered_in_sl) / static_cast<double>(k.offered);
      }
      cell.target_sl = c.target_sl;
      // Each eligible agent's on-duty time in the interval, split over its queues.
      const double from = static_cast<double>(i) * interval_ms, to = from + interval_ms;
      for (const CoverageAgent& g : in.agents) {
        if (std::find(g.queues.begin(), g.queues.end(), q) == g.queues.end()) continue;
        double on = 0;
        for (const auto& [s, e] : g.on_duty_ms) {
          on += std::max(
              0.0, std::min(to, static_cast<double>(e)) - std::max(from, static_cast<double>(s)));
        }
        cell.erlang_agents += on / interval_ms / static_cast<double>(g.queues.size());
      }
      const Workload w{.calls = c.calls[i],
                       .interval_s = interval_ms / 1000.0,
                       .aht_s = c.aht_s[i],
                       .target_s = c.target_s,
                       .patience_s = c.patience_s};
      const int n = static_cast<int>(std::floor(cell.erlang_agents + 1e-9));
      if (c.calls[i] > 0) {
        auto f = n >= 1 ? evaluate(w, n) : Result<QueueFigures>(QueueFigures{});
        if (!f) return std::unexpected(f.error());
        cell.erlang_sl = n >= 1 ? f->service_level : 0.0;
      }
    }
  }
  return out;
}

}  // namespace switchyard::wfm
