#pragma once
// The REST + WebSocket API, v1 (docs/openapi.yaml): HTTP adapters over the
// application services (src/app). A handler is parse -> call -> render;
// errors have one shape, {"error":{"code","message","field"}}, and one
// mapping from ErrorCode to HTTP status (errors.h).
#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <vector>

#include "api/routes.h"
#include "http/static_files.h"
#include "app/catalog.h"
#include "core/result.h"

// The services are only named here (references): each route file includes the header of the
// services it calls, so a change to one service recompiles its routes, not every route file.
namespace switchyard::core {
struct Event;
}
namespace switchyard::metrics {
struct TodayKpis;
struct KpiEntry;
}
namespace switchyard::alerts {
struct AlertEvent;
}
namespace switchyard::wfm {
struct StoredSpecialDay;
}
namespace switchyard::app {
class AuthService;
class AccountService;
class ConfigService;
class AgentService;
class ContactService;
class RealtimeService;
class FeedService;
class ReportService;
class SurveyService;
class ScheduledReportService;
class AlertService;
struct ActiveAlert;
class ChatService;
class RecordingService;
class PhoneService;
class MonitorService;
class QueuePromptService;
class WfmService;
class NotifyService;
class QualityService;
class QualityInsights;
class SpeechService;
class KbService;
class NewsService;
class TeamChatService;
class BoardService;
class PeopleService;
}  // namespace switchyard::app

namespace switchyard::api {

struct Services {
  app::AuthService& auth;
  app::AccountService& accounts;
  app::ConfigService& config;
  app::AgentService& agents;
  app::ContactService& contacts;
  app::RealtimeService& realtime;
  app::FeedService& feed;
  app::ReportService& reports;
  app::SurveyService& surveys;
  app::Catalog& catalog;
  app::ScheduledReportService& scheduled_reports;
  app::AlertService& alerts;
  app::ChatService& chat;
  app::RecordingService& recordings;
  app::PhoneService& phones;
  app::MonitorService& monitors;
  app::QueuePromptService& queue_prompts;
  app::WfmService& wfm;
  app::NotifyService& notify;
  app::QualityService& quality;
  app::QualityInsights& quality_insights;
  app::SpeechService& speech;
  app::KbService& kb;
  app::NewsService& news;
  app::TeamChatService& team_chat;
  app::BoardService& boards;
  app::PeopleService& people;
};

// What the operations routes report (health, readiness, metrics).
struct Ops {
  std::function<bool()> ready;
  std::function<uint64_t()> durable_seq;
  std::function<bool()> store_failed;
  std::function<std::string()> metrics_text;  // Prometheus text
  // The built web app served at "/" (docs/operations.md); null: none.
  std::shared_ptr<const http::StaticFiles> web;
  std::string time_zone = "UTC";  // center.time_zone, for clients (GET /api/v1/auth/me)
};

class Api {
 public:
  Api(Services s, Ops ops);
  Result<void> register_routes(http::Server& srv) { return routes_.register_on(srv); }
  // Every (method, pattern) this API serves, for the OpenAPI completeness test.
  const std::vector<RouteInfo>& routes() const { return routes_.infos(); }

 private:
  Routes routes_;
};

// The route groups (one file each).
void add_auth_routes(Routes& r, app::Catalog& catalog, std::string time_zone);
void add_config_routes(Routes& r, app::ConfigService& config, app::AgentService& agents, app::Catalog& catalog);
void add_contact_routes(Routes& r, app::ContactService& contacts, app::Catalog& catalog);
void add_admin_routes(Routes& r, app::AccountService& accounts, app::Catalog& catalog);
void add_ops_routes(Routes& r, app::RealtimeService& realtime, app::Catalog& catalog, const Ops& ops);
void add_report_routes(Routes& r, app::ReportService& reports, app::Catalog& catalog);
void add_scheduled_report_routes(Routes& r, app::ScheduledReportService& scheduled);
class Cors;
void add_survey_routes(Routes& r, app::SurveyService& surveys, app::Catalog& catalog, std::shared_ptr<const Cors> cors);
void add_voice_routes(Routes& r, app::RecordingService& recordings, app::PhoneService& phones, app::MonitorService& monitors,
                      app::Catalog& catalog);
void add_prompt_routes(Routes& r, app::QueuePromptService& prompts, app::Catalog& catalog);
void add_wfm_routes(Routes& r, app::WfmService& wfm, app::Catalog& catalog);
void add_notify_routes(Routes& r, app::NotifyService& notify);
void add_wfm_swap_routes(Routes& r, app::WfmService& wfm);
void add_wfm_rule_routes(Routes& r, app::WfmService& wfm);
void add_quality_routes(Routes& r, app::QualityService& quality);
void add_quality_session_routes(Routes& r, app::QualityService& quality);
void add_quality_insight_routes(Routes& r, app::QualityInsights& insights);
void add_speech_routes(Routes& r, app::SpeechService& speech);
void add_kb_routes(Routes& r, app::KbService& kb);
void add_news_routes(Routes& r, app::NewsService& news);
void add_team_chat_routes(Routes& r, app::TeamChatService& chat);
void add_board_routes(Routes& r, app::BoardService& boards);
void add_people_routes(Routes& r, app::PeopleService& people);
// A special day of the forecast as the API shows it (routes_wfm_rules.cc).
boost::json::object special_day_json(const wfm::StoredSpecialDay& d);
void add_chat_routes(Routes& r, app::ChatService& chat, app::ContactService& contacts, app::Catalog& catalog,
                     std::shared_ptr<const Cors> cors);
void add_alert_routes(Routes& r, app::AlertService& alerts, app::Catalog& catalog);
void add_event_socket(Routes& r, app::FeedService& feed, app::Catalog& catalog);

// The JSON text of an event on the feed (codec/event_json.h, plain numbers).
std::string encode_event(const core::Event& e);
// The JSON text of a live KPI update on the WebSocket (server/kpi_feed.h):
// {"type":"kpis","seq","time_ms","day_start_ms","full","entries":[{"dim","id",
// "today","last_15m","last_60m"}]}.
std::string encode_kpis(const metrics::TodayKpis& t, std::span<const metrics::KpiEntry* const> entries, bool full);
// Alerts beside the KPIs on the WebSocket: one raise or clear,
// {"type":"alert","alert":{...}}, and the active alerts a new subscriber
// gets first, {"type":"alerts","active":[...]} (docs/api.md, "Alerts").
std::string encode_alert(const alerts::AlertEvent& e);
std::string encode_active_alerts(const std::vector<app::ActiveAlert>& active);

}  // namespace switchyard::api
