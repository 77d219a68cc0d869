// Every route the API registers is documented in docs/openapi.yaml, with its
// method, and the document names no route the API does not serve.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "api/api.h"
#include "app/account_service.h"
#include "app/agent_service.h"
#include "app/alert_service.h"
#include "app/auth_service.h"
#include "app/board_service.h"
#include "app/chat_service.h"
#include "app/config_service.h"
#include "app/contact_service.h"
#include "app/feed_service.h"
#include "app/kb_service.h"
#include "app/monitor_service.h"
#include "app/news_service.h"
#include "app/notify_service.h"
#include "app/people_service.h"
#include "app/phone_service.h"
#include "app/quality_insights.h"
#include "app/quality_service.h"
#include "app/queue_prompt_service.h"
#include "app/realtime_service.h"
#include "app/recording_service.h"
#include "app/report_service.h"
#include "app/scheduled_report_service.h"
#include "app/speech_service.h"
#include "app/survey_service.h"
#include "app/team_chat_service.h"
#include "app/wfm_service.h"
#include "storage/database.h"

namespace switchyard::api {
namespace {

// paths: -> { "/api/v1/x": {"get", "post"} } from the YAML's two-level layout.
std::map<std::string, std::set<std::string>> documented_routes(const std::string& yaml) {
  std::map<std::string, std::set<std::string>> out;
  std::istringstream in(yaml);
  std::string line, current;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      current = line.substr(2, line.size() - 3);
      out[current];
    } else if (line.rfind("    ", 0) == 0 && line.size() > 4 && line[4] != ' ' && !current.empty()) {
      out[current].insert(line.substr(4, line.find(':') - 4));
    } else if (!line.empty() && line[0] != ' ') {
      in_paths = false;
    }
  }
  return out;
}

TEST(OpenApi, EveryRouteIsDocumentedAndNothingElse) {
  std::string root = std::getenv("SWITCHYARD_SOURCE_DIR") ? std::getenv("SWITCHYARD_SOURCE_DIR") : ".";
  std::ifstream f(root + "/docs/openapi.yaml");
  ASSERT_TRUE(f) << "docs/openapi.yaml not found under " << root;
  std::stringstream ss;
  ss << f.rdbuf();
  auto docs = documented_routes(ss.str());
  ASSERT_FALSE(docs.empty());

  // The routes only need the services to exist: nothing here starts.
  auto dir = std::filesystem::temp_directory_path() / ("sy-openapi-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    SystemClock clock;
    const std::string url = "sqlite:" + (dir / "db").string();
    auto log_db = storage::open_database(url);
    auto proj_db = storage::open_database(url);
    ASSERT_TRUE(log_db && proj_db);
    server::EngineHost host(std::move(*log_db), clock, {});
    auto pool = server::StorePool::open([&] { return storage::open_database(url); }, {});
    ASSERT_TRUE(pool);
    server::ProjectionHost projections(std::move(*proj_db), {});
    server::EventFeed feed(**pool, &encode_event, 0);
    app::Catalog catalog;
    app::Runtime rt{host, **pool, projections, catalog, clock};
    app::AuthService auth(rt, {});
    app::AccountService accounts(rt, auth);
    app::ConfigService config(rt);
    app::AgentService agents(rt);
    app::ContactService contacts(rt, {});
    app::RealtimeService realtime(rt);
    app::FeedService feeds(rt, feed);
    app::ReportService reports(rt, metrics::Calendar::utc());
    app::SurveyService surveys(rt, contacts);
    app::AlertService alerts(rt, nullptr);
    app::ScheduledReportService scheduled(rt, metrics::Calendar::utc(), {});
    app::ChatService chat(rt, contacts, surveys, {});
    app::RecordingService recordings(rt, contacts, "", "test");
    app::PhoneService phones(rt, "switchyard");
    app::MonitorService monitors(rt, contacts, {});
    app::QueuePromptService queue_prompts(rt, (dir / "prompts").string());
    app::WfmService wfm(rt, metrics::Calendar::utc());
    app::NotifyService notify(rt);
    app::QualityService quality(rt, contacts);
    const metrics::Calendar utc = metrics::Calendar::utc();
    app::QualityInsights quality_insights(rt, utc);
    app::SpeechService speech(rt, contacts, metrics::Calendar::utc(), {});
    app::KbService kb(rt, contacts);
    app::NewsService news(rt, "UTC");
    app::TeamChatService team_chat(rt);
    app::BoardService boards(rt);
    app::PeopleService people(rt, quality_insights, utc);
    Api api(Services{auth, accounts, config, agents, contacts, realtime, feeds, reports, surveys, catalog, scheduled,
                     alerts, chat, recordings, phones, monitors, queue_prompts, wfm, notify, quality, quality_insights,
                     speech, kb, news, team_chat, boards, people},
            Ops{});
    http::Server srv(http::Options{});
    ASSERT_TRUE(api.register_routes(srv));
    std::set<std::pair<std::string, std::string>> served;
    for (const RouteInfo& r : api.routes()) {
      std::string method = r.method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      served.emplace(r.pattern, method);
      auto it = docs.find(r.pattern);
      ASSERT_NE(it, docs.end()) << r.pattern << " is not in docs/openapi.yaml";
      EXPECT_TRUE(it->second.count(method)) << r.method << " " << r.pattern << " is not documented";
    }
    for (const auto& [path, methods] : docs)
      for (const std::string& m : methods)
        EXPECT_TRUE(served.count({path, m})) << m << " " << path << " is documented but not served";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace switchyard::api
