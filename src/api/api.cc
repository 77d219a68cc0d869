#include "api/api.h"
#include "app/alert_service.h"
#include "app/chat_service.h"

#include "api/cors.h"
#include "api/json_text.h"
#include "api/render.h"
#include "codec/event_json.h"

namespace switchyard::api {

Api::Api(Services s, Ops ops) : routes_(s.auth) {
  add_auth_routes(routes_, s.catalog, ops.time_zone);
  add_config_routes(routes_, s.config, s.agents, s.catalog);
  add_contact_routes(routes_, s.contacts, s.catalog);
  add_admin_routes(routes_, s.accounts, s.catalog);
  add_ops_routes(routes_, s.realtime, s.catalog, ops);
  add_report_routes(routes_, s.reports, s.catalog);
  add_scheduled_report_routes(routes_, s.scheduled_reports);
  // Pages on other origins (the chat widget) call the visitor and survey
  // routes: the origins the chat widgets allow.
  auto cors = std::make_shared<const Cors>([&chat = s.chat](std::string_view o) { return chat.origin_known(o); });
  routes_.keep(std::const_pointer_cast<Cors>(cors));
  add_survey_routes(routes_, s.surveys, s.catalog, cors);
  add_chat_routes(routes_, s.chat, s.contacts, s.catalog, cors);
  add_alert_routes(routes_, s.alerts, s.catalog);
  add_voice_routes(routes_, s.recordings, s.phones, s.monitors, s.catalog);
  add_prompt_routes(routes_, s.queue_prompts, s.catalog);
  add_wfm_routes(routes_, s.wfm, s.catalog);
  add_wfm_swap_routes(routes_, s.wfm);
  add_wfm_rule_routes(routes_, s.wfm);
  add_notify_routes(routes_, s.notify);
  add_quality_routes(routes_, s.quality);
  add_quality_session_routes(routes_, s.quality);
  add_quality_insight_routes(routes_, s.quality_insights);
  add_speech_routes(routes_, s.speech);
  add_kb_routes(routes_, s.kb);
  add_news_routes(routes_, s.news);
  add_team_chat_routes(routes_, s.team_chat);
  add_board_routes(routes_, s.boards);
  add_people_routes(routes_, s.people);
  add_event_socket(routes_, s.feed, s.catalog);
  // Everything else: the web app's files (pages fall back to index.html);
  // an unknown API path stays a JSON 404.
  routes_.set_fallback([web = ops.web](http::Request&& req, http::Respond respond) {
    if (web && !req.path.starts_with("/api/"))
      if (auto r = web->serve(req)) return respond(std::move(*r));
    respond(http::error_response(404, "not_found", "no route for " + req.method + " " + req.path));
  });
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
