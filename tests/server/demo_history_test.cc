// `serve --demo` on an empty store: the demo center starts with a month of
// simulated history ending now (app/demo.h, write_demo_history), the engine
// carries on from it, the demo users still log in linked to their agents,
// its customers' repeats give the reports real FCR values, and a restart
// neither repeats nor loses it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

struct LogSpan {
  int64_t first_seq = 0, last_seq = 0, first_ms = 0, last_ms = 0, contacts = 0;
  int64_t configured = 0;  // settings_changed and agent_configured events
};

// Reads the event log's extent straight from the SQLite file.
LogSpan span(const std::string& path) {
  LogSpan s;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT MIN(seq), MAX(seq), MIN(time_ms), MAX(time_ms), "
                               "SUM(type = 'contact_created'), "
                               "SUM(type IN ('settings_changed', 'agent_configured')) FROM events",
                               -1, &st, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  if (sqlite3_step(st) == SQLITE_ROW)
    s = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
         sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)};
  sqlite3_finalize(st);
  sqlite3_close(db);
  return s;
}

std::string log_text(const ServerProcess& p) {
  std::ifstream in(p.log_path());
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// RFC 3339 in UTC, to the second.
std::string iso_utc(int64_t ms) {
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(DemoHistory, AnEmptyStoreStartsWithAMonthAndTheDemoUsersStillWork) {
  TempDir dir;
  const std::string path = dir.path() + "/demo.db";
  const int64_t before_ms = now_ms();
  auto server = ServerProcess::start("sqlite:" + path, {"--demo-history-days", "30"});
  ASSERT_TRUE(server);
  const int64_t after_ms = now_ms();
  EXPECT_NE(log_text(*server).find("demo: history written"), std::string::npos) << log_text(*server);

  // Thirty days ending when the server started, about 1,700 contacts a day.
  const LogSpan s = span(path);
  constexpr int64_t kMonthMs = 30 * 86'400'000LL;
  EXPECT_EQ(s.first_seq, 1);
  EXPECT_GE(s.first_ms, before_ms - kMonthMs);
  EXPECT_LE(s.first_ms, after_ms - kMonthMs);
  EXPECT_GE(s.last_ms, before_ms - 3'600'000);
  EXPECT_LE(s.last_ms, after_ms);
  EXPECT_GT(s.contacts, 30 * 1'400);
  EXPECT_LT(s.contacts, 30 * 2'100);
  EXPECT_EQ(s.configured, 1 + 20) << "the demo center is configured once, by the history";

  // The demo users log in, linked to the agents of the same names (by id).
  const uint16_t port = server->port();
  for (const char* user : {"agent01", "agent02", "agent11"}) {
    HttpResult me = http(port, "GET", "/api/v1/auth/me", "", bearer(login(port, user)));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json().at("agent").as_string(), user);
  }
  HttpResult lead = http(port, "GET", "/api/v1/auth/me", "", bearer(login(port, "lead.blue")));
  EXPECT_EQ(lead.json().at("team").as_string(), "blue");

  // The engine carries on after the history: the next contact is the next event.
  const std::string admin = login(port, "admin");
  HttpResult c = http(port, "POST", "/api/v1/contacts", R"({"queue":"billing"})", bearer(admin));
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_GT(span(path).last_seq, s.last_seq);
  HttpResult rt = http(port, "GET", "/api/v1/realtime", "", bearer(admin));
  EXPECT_EQ(rt.json().at("agents").as_array().size(), 20u);

  // Its customers come back: once the rollups have caught up on the month,
  // the center's FCR is about 80 % (a fifth of the handled contacts repeat).
  const std::string month = "/api/v1/reports/center?grain=month&from=" + iso_utc(s.first_ms) + "&to=" +
                            iso_utc(after_ms + 1000);
  json::value total;
  for (int i = 0; i < 600; ++i) {
    HttpResult r = http(port, "GET", month, "", bearer(admin));
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value v = r.json();
    const auto& totals = v.at("totals").as_array();
    if (!totals.empty() && totals[0].at("fcr_eligible").to_number<int64_t>() >= s.contacts * 8 / 10) {
      total = totals[0];
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(total.is_object()) << "the rollups did not catch up on the history";
  EXPECT_GT(total.at("fcr").to_number<double>(), 0.7);
  EXPECT_LT(total.at("fcr").to_number<double>(), 0.9);
  EXPECT_GT(total.at("repeat_rate").to_number<double>(), 0.1);
  EXPECT_LT(total.at("repeat_rate").to_number<double>(), 0.3);

  // A restart keeps the history and adds none.
  ASSERT_EQ(server->terminate(), 0);
  const LogSpan stopped = span(path);
  auto again = ServerProcess::start("sqlite:" + path, {"--demo-history-days", "30"});
  ASSERT_TRUE(again);
  EXPECT_EQ(log_text(*again).find("demo: simulating"), std::string::npos) << log_text(*again);
  const LogSpan restarted = span(path);
  EXPECT_EQ(restarted.first_ms, s.first_ms);
  EXPECT_EQ(restarted.last_seq, stopped.last_seq);
  ASSERT_EQ(again->terminate(), 0);
}

}  // namespace
}  // namespace switchyard::testing
