#include "wfm/erlang_report.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

namespace switchyard::wfm {
namespace {

// Boost.JSON writes doubles as "8E-1" and non-finite values as "Infinity"
// (not JSON), so numbers are written here: shortest round-trip form, null
// for NaN / infinity.
void write_json(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::string_view(key));
        out += ':';
        write_json(item, out);
      }
      out += '}';
      break;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_json(item, out);
      }
      out += ']';
      break;
    }
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, ec == std::errc() ? end : buf);
      break;
    }
    default:  // strings, integers, booleans, null
      out += boost::json::serialize(v);
  }
}

std::string printf_string(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}

std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return "-";
  return printf_string("%.2f %%", 100 * fraction);
}

std::string seconds(double s) {
  if (!std::isfinite(s)) return "infinite (queue unstable)";
  return printf_string("%.2f s", s);
}

void row(std::string& out, std::string_view label, const std::string& value) {
  out += "  ";
  out += label;
  out.append(label.size() < 28 ? 28 - label.size() : 1, ' ');
  out += value;
  out += '\n';
}

}  // namespace

std::string format_table(const ErlangReport& r) {
  const Workload& w = r.workload;
  const QueueFigures& f = r.figures;
  const bool erlang_a = w.patience_s > 0;
  std::string out = erlang_a ? "Erlang A (with abandonment)" : "Erlang C (no abandonment)";
  out += printf_string(": %g calls in ", w.calls) + printf_string("%g s, ", w.interval_s) +
         printf_string("AHT %g s", w.aht_s);
  if (erlang_a) out += printf_string(", mean patience %g s", w.patience_s);
  out += '\n';
  out += printf_string("Goal: %g %% answered within ", 100 * r.goal.target_sl) +
         printf_string("%g s, ", w.target_s) +
         printf_string("occupancy <= %g %%, ", 100 * r.goal.max_occupancy) +
         printf_string("shrinkage %g %%\n", 100 * r.goal.shrinkage);
  row(out, "traffic", printf_string("%.3f Erlangs", f.traffic_erlangs));
  row(out, r.agents_given ? "agents (given)" : "agents required", std::to_string(f.agents));
  row(out, "scheduled agents", std::to_string(r.scheduled_agents));
  row(out, "meets goal", meets_goal(f, r.goal) ? "yes" : "no");
  row(out, "probability of waiting", percent(f.p_wait));
  row(out, "service level",
      percent(f.service_level) + printf_string(" answered within %g s", w.target_s));
  row(out, "ASA", seconds(f.asa_s));
  row(out, "occupancy", percent(f.occupancy));
  if (erlang_a) {
    row(out, "abandon rate", percent(f.abandon_rate));
    row(out, "wait <= T (incl. abandons)", percent(f.p_wait_le_t));
    row(out, "mean wait (all contacts)", seconds(f.mean_wait_s));
  }
  if (!f.stable) {
    out += "  note: agents <= traffic; without abandonment the queue grows without bound\n";
  }
  return out;
}

std::string format_json(const ErlangReport& r) {
  const Workload& w = r.workload;
  const QueueFigures& f = r.figures;
  boost::json::object inputs;
  inputs["calls"] = w.calls;
  inputs["interval_s"] = w.interval_s;
  inputs["aht_s"] = w.aht_s;
  inputs["target_s"] = w.target_s;
  inputs["target_sl"] = r.goal.target_sl;
  inputs["patience_s"] = w.patience_s;
  inputs["shrinkage"] = r.goal.shrinkage;
  inputs["max_occupancy"] = r.goal.max_occupancy;
  if (r.agents_given) {
    inputs["agents"] = r.agents_given;
  } else {
    inputs["agents"] = nullptr;
  }
  boost::json::object o;
  o["model"] = w.patience_s > 0 ? "erlang_a" : "erlang_c";
  o["mode"] = r.agents_given ? "evaluate" : "required";
  o["agents"] = f.agents;
  o["scheduled_agents"] = r.scheduled_agents;
  o["traffic_erlangs"] = f.traffic_erlangs;
  o["p_wait"] = f.p_wait;
  o["service_level"] = f.service_level;
  o["p_wait_le_t"] = f.p_wait_le_t;
  o["asa_s"] = f.asa_s;
  o["mean_wait_s"] = f.mean_wait_s;
  o["occupancy"] = f.occupancy;
  o["abandon_rate"] = f.abandon_rate;
  o["stable"] = f.stable;
  o["meets_goal"] = meets_goal(f, r.goal);
  o["inputs"] = std::move(inputs);
  std::string out;
  write_json(o, out);
  return out;
}

}  // namespace switchyard::wfm
