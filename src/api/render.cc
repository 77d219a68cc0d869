#include "api/render.h"

#include "reports/daily_report.h"

#include <boost/json.hpp>

#include <type_traits>

#include "api/json_text.h"
#include "core/memory.h"
#include "http/message.h"

namespace switchyard::api {

namespace json = boost::json;

namespace {

// The KPI figures of docs/kpis.md by name, in report column order: fn(name,
// value) for each, the value a count (uint64_t) or a double (a ratio 0..1,
// or seconds). The one list of figures: /realtime, the KPI feed and the
// reports (JSON and CSV) all write these; a new figure is one line here.
template <typename Fn>
void for_each_figure(const metrics::KpiFigures& f, Fn&& fn) {
  fn("offered", f.offered);
  fn("answered", f.answered);
  fn("abandoned", f.abandoned);
  fn("short_abandoned", f.short_abandoned);
  fn("refused", f.refused);
  fn("expired", f.expired);
  fn("handled", f.handled);
  fn("transferred", f.transferred);
  fn("callbacks", f.callbacks);
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

}  // namespace

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
  o["held"] = c.held;
  if (c.waits_for != core::kNoId) {  // a transfer to an agent, waiting for it
    o["waits_for"] = name_or_null(n, app::Kind::kAgent, c.waits_for);
    o["waits_until_ms"] = c.waits_until_ms;
  }
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

boost::json::object kpi_json(const metrics::KpiFigures& f) {
  boost::json::object o;
  for_each_figure(f, [&o](std::string_view name, auto v) { o[name] = v; });
  return o;
}

boost::json::object live_kpis_json(const metrics::KpiEntry& e) {
  return boost::json::object{
      {"today", kpi_json(e.today)}, {"last_15m", kpi_json(e.last_15m)}, {"last_60m", kpi_json(e.last_60m)}};
}

using metrics::Dim;

namespace {

// What a report line starts with for one id (rows come by id, so this is
// made once per id, not per row): JSON `{"id":N,"name":NAME`, CSV `N,NAME`.
// NAME: the queue's, agent's, team's or site's name (an id without one: the
// id, null in JSON, empty in CSV), the channel's, or "center".
std::string id_prefix(Dim dim, uint32_t id, const app::Names& n, bool csv) {
  std::optional<std::string_view> text;  // the name, when there is one
  bool id_stands_in = false;             // no name: the id stands in for it (JSON)
  auto named = [&](app::Kind k) {
    if (id == core::kNoId) return;
    if (const std::string* s = n.name(k, id)) text = *s;
    else id_stands_in = true;
  };
  switch (dim) {
    case Dim::kQueue: named(app::Kind::kQueue); break;
    case Dim::kTeam: named(app::Kind::kTeam); break;
    case Dim::kAgent: named(app::Kind::kAgent); break;
    case Dim::kSite: named(app::Kind::kSite); break;
    case Dim::kChannel:
      if (id < core::kChannelCount) text = core::to_string(static_cast<core::Channel>(id));
      break;
    case Dim::kCenter: text = "center"; break;
    case Dim::kGroup: break;  // customer groups are live only (no rollups)
  }
  std::string out = csv ? "" : "{\"id\":";
  append_number(out, uint64_t{id});
  if (csv) {
    out += ',';
    reports::append_csv_field(out, text.value_or(""));
    return out;
  }
  out += ",\"name\":";
  if (text) http::append_json_string(out, *text);
  else if (id_stands_in) append_number(out, uint64_t{id});
  else out += "null";
  return out;
}

// The figures' JSON keys, each as `,"name":`, in for_each_figure's order.
const std::vector<std::string>& figure_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for_each_figure(metrics::KpiFigures{}, [&k](std::string_view name, auto) {
      std::string key = ",";
      http::append_json_string(key, name);
      key += ':';
      k.push_back(std::move(key));
    });
    return k;
  }();
  return keys;
}

// Appends the figures derived from `c`: `,"name":value` each (JSON) or
// `,value` (CSV), numbers as append_number writes them.
void append_figures(std::string& out, const metrics::KpiCounters& c, bool csv) {
  const std::vector<std::string>& keys = figure_keys();
  size_t i = 0;
  for_each_figure(metrics::derive(c), [&](std::string_view, auto v) {
    if (csv) out += ',';
    else out += keys[i++];
    using V = decltype(v);  // any arithmetic type a figure may have
    if constexpr (std::is_floating_point_v<V>) append_number(out, static_cast<double>(v));
    else if constexpr (std::is_signed_v<V>) append_number(out, static_cast<int64_t>(v));
    else append_number(out, static_cast<uint64_t>(v));
  });
}

// Calls line(row, prefix) for every row and then every total, with the
// row's id prefix (id_prefix), made once per id.
template <typename Line>
void for_each_line(const app::Report& rep, const app::Names& n, bool csv, Line line) {
  std::string prefix;
  uint32_t prefix_id = 0;
  bool have = false;
  auto each = [&](const std::vector<reports::RollupRow>& rows, bool total) {
    for (const reports::RollupRow& r : rows) {
      if (!have || r.id != prefix_id) {
        prefix = id_prefix(rep.request.dim, r.id, n, csv);
        prefix_id = r.id;
        have = true;
      }
      line(r, prefix, total);
    }
  };
  each(rep.rows, false);
  each(rep.totals, true);
}

// Room for one report line: its figures (each key and up to 24 characters
// of number: the widest a double or uint64 prints), the start and the id
// and name. A guess above the size rather than below: a reserve too small
// means a copy of tens of megabytes into fresh pages (~20 us per 4 KiB page
// on this VM, bench/RESULTS.md); untouched reserved pages cost nothing.
size_t row_bytes() {
  static const size_t bytes = [] {
    size_t n = 128;  // ,"start":"2025-01-01T00:00:00+01:00","start_ms":1735686000000 and the braces
    for (const std::string& k : figure_keys()) n += k.size() + 24;
    return n;
  }();
  return bytes;
}

// Reserves room for `bytes` more; a large body on huge pages (core/memory.h:
// a year of days for 200 queues is ~40 MB of JSON).
void reserve_body(std::string& out, size_t bytes) {
  out.reserve(out.size() + bytes);
  if (bytes >= kHugePageBytes) advise_huge_pages(out.data() + out.size(), out.capacity() - out.size());
}

}  // namespace

// CSV (RFC 4180): one line per row, then one per total (start "total").
std::string report_csv(const app::Report& rep, const metrics::Calendar& cal, const app::Names& n) {
  std::string out = "id,name,start";
  for_each_figure(metrics::KpiFigures{}, [&out](std::string_view name, auto) {
    out += ',';
    out += name;
  });
  out += "\r\n";
  reserve_body(out, (rep.rows.size() + rep.totals.size()) * (row_bytes() / 2 + 64));
  for_each_line(rep, n, true, [&](const reports::RollupRow& r, const std::string& prefix, bool total) {
    out += prefix;
    out += ',';
    out += total ? std::string("total") : cal.format(r.start_ms);
    append_figures(out, r.counters, true);
    out += "\r\n";
  });
  return out;
}

// Written directly (no json::object per row): a year of days for 200 queues
// is 73,000 rows. The same text as to_text() of the objects would be.
std::string report_json(const app::Report& rep, std::string_view dimension, const metrics::Calendar& cal,
                        const app::Names& n) {
  std::string out;
  reserve_body(out, (rep.rows.size() + rep.totals.size()) * (row_bytes() + 64) + 256);
  out += "{\"dimension\":";
  http::append_json_string(out, dimension);
  out += ",\"grain\":";
  http::append_json_string(out, metrics::to_string(rep.request.grain));
  out += ",\"time_zone\":";
  http::append_json_string(out, cal.zone());
  out += ",\"from\":";
  http::append_json_string(out, cal.format(rep.request.from_ms));
  out += ",\"to\":";
  http::append_json_string(out, cal.format(rep.request.to_ms));
  out += ",\"rows\":[";
  bool first = true, totals = false;
  for_each_line(rep, n, false, [&](const reports::RollupRow& r, const std::string& prefix, bool total) {
    if (total && !totals) {
      out += "],\"totals\":[";
      totals = true;
      first = true;
    }
    if (!first) out += ',';
    first = false;
    out += prefix;
    if (!total) {
      out += ",\"start\":\"";
      out += cal.format(r.start_ms);  // digits, '-', ':', 'T', '+': nothing to escape
      out += "\",\"start_ms\":";
      append_number(out, int64_t{r.start_ms});
    }
    append_figures(out, r.counters, false);
    out += '}';
  });
  out += totals ? "]}" : "],\"totals\":[]}";
  return out;
}

}  // namespace switchyard::api
