#include "api/render.h"

#include <boost/json.hpp>

#include "api/json_text.h"

namespace switchyard::api {

namespace json = boost::json;

json::value name_or_null(const app::Names& n, app::Kind k, uint32_t id) {
  if (id == core::kNoId) return nullptr;
  if (const std::string* s = n.name(k, id)) return json::value(*s);
  return json::value(id);
}

json::value ms_or_null(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object contact_json(const app::ContactInfo& i, const app::Names& n) {
  if (i.record) return record_json(*i.record, n);
  if (!i.live) return json::object{{"id", i.id}, {"state", core::to_string(i.state)}};
  const core::ContactView& c = *i.live;
  json::object o;
  o["id"] = c.id;
  o["state"] = core::to_string(c.state);
  o["queue"] = name_or_null(n, app::Kind::kQueue, c.queue);
  o["channel"] = core::to_string(c.channel);
  o["priority"] = c.priority;
  o["customer_id"] = c.customer_id;
  o["customer_group"] = c.customer_group;
  o["created_ms"] = c.created_ms;
  o["wait_since_ms"] = c.wait_since_ms;
  o["position_ms"] = c.position_ms;
  o["bullseye_step"] = c.step;
  o["overflowed"] = c.overflowed;
  o["callback"] = c.callback;
  o["agent"] = name_or_null(n, app::Kind::kAgent, c.agent);
  json::array hist;
  for (core::QueueId q : c.history) hist.push_back(name_or_null(n, app::Kind::kQueue, q));
  o["history"] = std::move(hist);
  json::object attrs;
  for (const auto& [k, v] : c.attributes) attrs[k] = v;
  o["attributes"] = std::move(attrs);
  if (i.wait) {
    o["position"] = i.wait->position;
    o["ewt_ms"] = i.wait->ewt_ms >= 0 ? json::value(i.wait->ewt_ms) : json::value(nullptr);
  }
  return o;
}

json::object record_json(const history::ContactRecord& r, const app::Names& n) {
  return json::object{{"id", r.id},
                      {"state", core::to_string(r.state)},
                      {"customer_id", r.customer_id},
                      {"customer_group", r.customer_group},
                      {"channel", core::to_string(r.channel)},
                      {"queue", name_or_null(n, app::Kind::kQueue, r.queue)},
                      {"first_queue", name_or_null(n, app::Kind::kQueue, r.first_queue)},
                      {"priority", r.priority},
                      {"created_ms", r.created_ms},
                      {"answered_ms", ms_or_null(r.answered_ms)},
                      {"ended_ms", ms_or_null(r.ended_ms)},
                      {"agent", name_or_null(n, app::Kind::kAgent, r.agent)},
                      {"disposition", r.disposition},
                      {"reason", r.reason},
                      {"ewt_ms", ms_or_null(r.ewt_ms)},
                      {"wait_ms", r.wait_ms},
                      {"talk_ms", r.talk_ms},
                      {"hold_ms", r.hold_ms},
                      {"acw_ms", r.acw_ms},
                      {"transfers", r.transfers},
                      {"callback", r.callback},
                      {"overflowed", r.overflowed}};
}

void for_each_figure(const metrics::KpiFigures& f,
                     const std::function<void(std::string_view, const boost::json::value&)>& fn) {
  fn("offered", f.offered);
  fn("answered", f.answered);
  fn("abandoned", f.abandoned);
  fn("short_abandoned", f.short_abandoned);
  fn("refused", f.refused);
  fn("expired", f.expired);
  fn("handled", f.handled);
  fn("transferred", f.transferred);
  fn("offers", f.offers);
  fn("missed_offers", f.missed_offers);
  fn("service_level", f.service_level);
  fn("asa_s", f.asa_s);
  fn("avg_wait_s", f.avg_wait_s);
  fn("max_wait_s", f.max_wait_s);
  fn("aht_s", f.aht_s);
  fn("avg_talk_s", f.avg_talk_s);
  fn("avg_hold_s", f.avg_hold_s);
  fn("avg_acw_s", f.avg_acw_s);
  fn("abandon_rate", f.abandon_rate);
  fn("transfer_rate", f.transfer_rate);
  fn("occupancy", f.occupancy);
  fn("utilisation", f.utilisation);
  fn("survey_answers", f.survey_answers);
  fn("csat", f.csat);
  fn("csat_mean", f.csat_mean);
  fn("fcr_eligible", f.fcr_eligible);
  fn("repeats", f.repeats);
  fn("unresolved", f.unresolved);
  fn("fcr", f.fcr);
  fn("repeat_rate", f.repeat_rate);
}

boost::json::object kpi_json(const metrics::KpiFigures& f) {
  boost::json::object o;
  for_each_figure(f, [&o](std::string_view name, const boost::json::value& v) { o[name] = v; });
  return o;
}

boost::json::object live_kpis_json(const metrics::KpiEntry& e) {
  return boost::json::object{
      {"today", kpi_json(e.today)}, {"last_15m", kpi_json(e.last_15m)}, {"last_60m", kpi_json(e.last_60m)}};
}

namespace json = boost::json;
using metrics::Dim;

json::value report_id_name(Dim dim, uint32_t id, const app::Names& n) {
  switch (dim) {
    case Dim::kQueue: return name_or_null(n, app::Kind::kQueue, id);
    case Dim::kTeam: return name_or_null(n, app::Kind::kTeam, id);
    case Dim::kAgent: return name_or_null(n, app::Kind::kAgent, id);
    case Dim::kSite: return name_or_null(n, app::Kind::kSite, id);
    case Dim::kChannel:
      return id < core::kChannelCount ? json::value(core::to_string(static_cast<core::Channel>(id))) : nullptr;
    case Dim::kCenter: return "center";
    case Dim::kGroup: return nullptr;  // customer groups are live only (no rollups)
  }
  return nullptr;
}

// CSV (RFC 4180): one line per row, then one per total (start "total").
std::string report_csv(const app::Report& rep, const metrics::Calendar& cal, const app::Names& n) {
  std::string out = "id,name,start";
  for_each_figure({}, [&](std::string_view name, const json::value&) {
    out += ',';
    out += name;
  });
  out += "\r\n";
  auto line = [&](const reports::RollupRow& row, const std::string& start) {
    out += std::to_string(row.id);
    out += ',';
    const json::value name = report_id_name(rep.request.dim, row.id, n);
    if (name.is_string()) {
      std::string s(name.as_string());
      const bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
      if (quote) {
        out += '"';
        for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
      } else {
        out += s;
      }
    }
    out += ',';
    out += start;
    for_each_figure(metrics::derive(row.counters), [&](std::string_view, const json::value& v) {
      out += ',';
      append_text(out, v);
    });
    out += "\r\n";
  };
  for (const reports::RollupRow& r : rep.rows) line(r, cal.format(r.start_ms));
  for (const reports::RollupRow& r : rep.totals) line(r, "total");
  return out;
}

std::string report_json(const app::Report& rep, std::string_view dimension, const metrics::Calendar& cal,
                        const app::Names& n) {
  json::array rows, totals;
  for (const reports::RollupRow& r : rep.rows) {
    json::object o{{"id", r.id}, {"name", report_id_name(rep.request.dim, r.id, n)}, {"start", cal.format(r.start_ms)},
                   {"start_ms", r.start_ms}};
    for_each_figure(metrics::derive(r.counters), [&o](std::string_view k, const json::value& v) { o[k] = v; });
    rows.push_back(std::move(o));
  }
  for (const reports::RollupRow& r : rep.totals) {
    json::object o{{"id", r.id}, {"name", report_id_name(rep.request.dim, r.id, n)}};
    for_each_figure(metrics::derive(r.counters), [&o](std::string_view k, const json::value& v) { o[k] = v; });
    totals.push_back(std::move(o));
  }
  return to_text(json::object{{"dimension", dimension},
                              {"grain", metrics::to_string(rep.request.grain)},
                              {"time_zone", cal.zone()},
                              {"from", cal.format(rep.request.from_ms)},
                              {"to", cal.format(rep.request.to_ms)},
                              {"rows", std::move(rows)},
                              {"totals", std::move(totals)}});
}

}  // namespace switchyard::api
