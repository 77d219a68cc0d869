#include "api/api.h"

#include "api/json_text.h"
#include "api/render.h"
#include "codec/event_json.h"

namespace switchyard::api {

Api::Api(Services s, Ops ops) : routes_(s.auth) {
  add_auth_routes(routes_, s.catalog);
  add_config_routes(routes_, s.config, s.agents, s.catalog);
  add_contact_routes(routes_, s.contacts, s.catalog);
  add_admin_routes(routes_, s.accounts);
  add_ops_routes(routes_, s.realtime, s.catalog, ops);
  add_report_routes(routes_, s.reports, s.catalog);
  add_scheduled_report_routes(routes_, s.scheduled_reports);
  add_survey_routes(routes_, s.surveys, s.catalog);
  add_alert_routes(routes_, s.alerts, s.catalog);
  add_event_socket(routes_, s.feed, s.catalog);
}

std::string encode_event(const core::Event& e) { return to_text(codec::to_json(e)); }

std::string encode_kpis(const metrics::TodayKpis& t, std::span<const metrics::KpiEntry* const> entries, bool full) {
  boost::json::array out;
  out.reserve(entries.size());
  for (const metrics::KpiEntry* e : entries) {
    boost::json::object o = live_kpis_json(*e);
    o["dim"] = metrics::to_string(e->dim);
    o["id"] = e->id;
    if (e->dim == metrics::Dim::kGroup) o["name"] = e->name;
    out.push_back(std::move(o));
  }
  return to_text(boost::json::object{{"type", "kpis"},
                                     {"seq", t.seq},
                                     {"time_ms", t.time_ms},
                                     {"day_start_ms", t.day_start_ms},
                                     {"full", full},
                                     {"entries", std::move(out)}});
}

std::string encode_alert(const alerts::AlertEvent& e) {
  return to_text(boost::json::object{{"type", "alert"}, {"alert", alerts::event_to_json(e)}});
}

std::string encode_active_alerts(const std::vector<app::ActiveAlert>& active) {
  boost::json::array a;
  for (const app::ActiveAlert& x : active) a.push_back(alerts::event_to_json(x.raised));
  return to_text(boost::json::object{{"type", "alerts"}, {"active", std::move(a)}});
}

}  // namespace switchyard::api
