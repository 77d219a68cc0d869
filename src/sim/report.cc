#include "sim/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <numeric>

namespace switchyard::sim {

namespace {

namespace json = boost::json;

// Six decimals are plenty and keep the text stable and short.
double r6(double x) { return std::round(x * 1e6) / 1e6; }

json::object figures_json(const metrics::KpiCounters& c) {
  const metrics::KpiFigures f = metrics::derive(c);
  json::object o;
  o["offered"] = f.offered;
  o["answered"] = f.answered;
  o["abandoned"] = f.abandoned;
  o["short_abandoned"] = f.short_abandoned;
  o["refused"] = f.refused;
  o["expired"] = f.expired;
  o["waiting"] = f.waiting;
  o["handled"] = f.handled;
  o["transferred"] = f.transferred;
  o["service_level"] = r6(f.service_level);
  o["asa_s"] = r6(f.asa_s);
  o["avg_wait_s"] = r6(f.avg_wait_s);
  o["max_wait_s"] = r6(f.max_wait_s);
  o["aht_s"] = r6(f.aht_s);
  o["avg_talk_s"] = r6(f.avg_talk_s);
  o["avg_hold_s"] = r6(f.avg_hold_s);
  o["avg_acw_s"] = r6(f.avg_acw_s);
  o["occupancy"] = r6(f.occupancy);
  o["utilisation"] = r6(f.utilisation);
  o["p_wait"] = r6(f.p_wait);
  o["abandon_rate"] = r6(f.abandon_rate);
  o["transfer_rate"] = r6(f.transfer_rate);
  o["fcr_eligible"] = f.fcr_eligible;
  o["repeats"] = f.repeats;
  o["unresolved"] = f.unresolved;
  o["fcr"] = r6(f.fcr);
  o["repeat_rate"] = r6(f.repeat_rate);
  o["ewt_mae_s"] = r6(f.ewt_mae_s);
  o["ewt_baseline_mae_s"] = r6(f.ewt_baseline_mae_s);
  o["ewt_samples"] = f.ewt_samples;
  return o;
}

void pretty(std::string& out, const json::value& v, int indent) {
  const std::string pad(static_cast<size_t>(indent + 2), ' ');
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& kv : o) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      out += json::serialize(json::string(kv.key()));
      out += ": ";
      pretty(out, kv.value(), indent + 2);
    }
    out += '\n';
    out.append(static_cast<size_t>(indent), ' ');
    out += '}';
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (size_t i = 0; i < a.size(); ++i) {
      if (i) out += ",\n";
      out += pad;
      pretty(out, a[i], indent + 2);
    }
    out += '\n';
    out.append(static_cast<size_t>(indent), ' ');
    out += ']';
  } else if (v.is_double()) {
    // Shortest round-trip form ("0.913316", not Boost's "9.13316E-1").
    const double d = v.get_double();
    out += std::isfinite(d) ? fmt::format("{}", d) : "null";
  } else {
    out += json::serialize(v);
  }
}

}  // namespace

std::string report_json(const Simulator& sim, const ReportOptions& opts) {
  const Scenario& sc = sim.scenario();
  const metrics::KpiCollector& k = sim.kpis();
  const SimStats& st = sim.stats();
  json::object root;
  json::object run;
  run["seed"] = st.seed;
  run["sim_s"] = r6(static_cast<double>(st.end_ms) / 1000.0);
  run["warmup_s"] = r6(static_cast<double>(sc.simulation.warmup_ms) / 1000.0);
  run["agents"] = sc.total_agents();
  run["queues"] = sc.queues.size();
  run["arrivals"] = st.arrivals;
  run["repeat_arrivals"] = st.repeat_arrivals;
  run["events"] = st.engine_events;
  run["sim_events"] = st.sim_events;
  run["rejected_commands"] = st.rejected_commands;
  run["live_contacts"] = st.live_contacts;
  if (opts.wall_s >= 0) {
    run["wall_s"] = r6(opts.wall_s);
    run["events_per_s"] = opts.wall_s > 0 ? std::round(static_cast<double>(st.engine_events) / opts.wall_s) : 0.0;
  }
  root["run"] = std::move(run);
  root["overall"] = figures_json(k.overall());
  json::object queues;
  for (size_t i = 0; i < sc.queues.size(); ++i) {
    const core::QueueId q = sim.queue_id(i);
    json::object o = figures_json(k.queue(q));
    o["sl_target_s"] = r6(static_cast<double>(k.sl_target_ms(q)) / 1000.0);
    queues[sc.queues[i].config.name] = std::move(o);
  }
  root["queues"] = std::move(queues);
  if (opts.intervals) {
    json::array iv;
    for (size_t i = 0; i < k.interval_count(); ++i) {
      json::object o = figures_json(k.interval(i));
      o["start_s"] = r6(static_cast<double>(i) * static_cast<double>(sc.simulation.interval_ms) / 1000.0);
      iv.push_back(std::move(o));
    }
    root["intervals"] = std::move(iv);
  }
  std::string out;
  pretty(out, root, 0);
  out += "\n";
  return out;
}

std::string report_table(const Simulator& sim, const ReportOptions& opts) {
  const Scenario& sc = sim.scenario();
  const metrics::KpiCollector& k = sim.kpis();
  const SimStats& st = sim.stats();
  constexpr size_t kMaxRows = 25;
  std::string out;
  out += fmt::format("simulated {:.0f} s (warm-up {:.0f} s), seed {}, {} agents, {} queues, {} arrivals",
                     st.end_ms / 1000.0, sc.simulation.warmup_ms / 1000.0, st.seed, sc.total_agents(),
                     sc.queues.size(), st.arrivals);
  if (sc.customers.count > 0)
    out += fmt::format(" ({} repeats of {} customers)", st.repeat_arrivals, sc.customers.count);
  out += "\n";
  const auto header = fmt::format("{:<24} {:>9} {:>9} {:>8} {:>6} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8}\n",
                                  "queue", "offered", "answered", "abandon", "SL%", "ASA s", "AHT s", "occ%", "Pw%",
                                  "abn%", "FCR%", "rep%", "EWTerr", "baseErr");
  out += header;
  out += std::string(header.size() - 1, '-') + "\n";
  auto row = [&](std::string_view name, const metrics::KpiCounters& c) {
    const metrics::KpiFigures f = metrics::derive(c);
    std::string n(name.substr(0, 24));
    out += fmt::format(
        "{:<24} {:>9} {:>9} {:>8} {:>6.1f} {:>7.1f} {:>7.1f} {:>6.1f} {:>6.1f} {:>6.1f} {:>6.1f} {:>6.1f} {:>8.1f} {:>8.1f}\n",
        n, f.offered, f.answered, f.abandoned, 100 * f.service_level, f.asa_s, f.aht_s, 100 * f.occupancy,
        100 * f.p_wait, 100 * f.abandon_rate, 100 * f.fcr, 100 * f.repeat_rate, f.ewt_mae_s, f.ewt_baseline_mae_s);
  };
  std::vector<size_t> order(sc.queues.size());
  std::iota(order.begin(), order.end(), 0);
  if (order.size() > kMaxRows) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return k.queue(sim.queue_id(a)).offered > k.queue(sim.queue_id(b)).offered;
    });
    order.resize(kMaxRows);
  }
  for (size_t i : order) row(sc.queues[i].config.name, k.queue(sim.queue_id(i)));
  if (sc.queues.size() > kMaxRows) {
    out += fmt::format("... {} more queues (busiest {} shown; --json has all)\n", sc.queues.size() - kMaxRows, kMaxRows);
  }
  out += std::string(header.size() - 1, '-') + "\n";
  row("overall", k.overall());
  out += fmt::format("engine events {}, {} still waiting, {} in the engine at the end", st.engine_events,
                     k.overall().waiting, st.live_contacts);
  if (opts.wall_s >= 0) {
    out += fmt::format(", wall {:.2f} s ({:.0f} events/s)", opts.wall_s,
                       opts.wall_s > 0 ? static_cast<double>(st.engine_events) / opts.wall_s : 0.0);
  }
  out += "\n";
  return out;
}

}  // namespace switchyard::sim
