// Scheduled reports end to end (docs/api.md, "Scheduled reports"): a
// server started on three days of demo history catches up on the missed
// daily reports, lists them, serves them as CSV and HTML in both languages,
// generates a day again on demand, refuses bad input naming the field and
// other roles; a restart adds no duplicate.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kShanghaiMs = 8 * 3'600'000;  // UTC+8, no daylight saving

// The local date in Shanghai `days` days before today.
std::string shanghai_date(int days_ago) {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t day = (now + kShanghaiMs) / kDayMs - days_ago;
  const std::time_t t = static_cast<std::time_t>(day * 86'400);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Starts a server with `history_days` of demo history, the daily run at
// 00:00 Shanghai time (so yesterday's report is always due) and `keep_days`.
std::unique_ptr<ServerProcess> start(const std::string& store, int history_days, int keep_days) {
  setenv("SWITCHYARD_CENTER_TIME_ZONE", "Asia/Shanghai", 1);
  setenv("SWITCHYARD_REPORTS_DAILY_AT", "00:00", 1);
  setenv("SWITCHYARD_REPORTS_KEEP_DAYS", std::to_string(keep_days).c_str(), 1);
  auto p = ServerProcess::start(store, {"--demo-history-days", std::to_string(history_days)});
  for (const char* v : {"SWITCHYARD_CENTER_TIME_ZONE", "SWITCHYARD_REPORTS_DAILY_AT", "SWITCHYARD_REPORTS_KEEP_DAYS"})
    unsetenv(v);
  return p;
}

// The list, once it holds `want` reports (the catch-up runs in the background).
json::array wait_for_reports(uint16_t port, const std::string& token, size_t want) {
  json::array list;
  for (int i = 0; i < 400; ++i) {
    HttpResult r = http(port, "GET", "/api/v1/reports/scheduled", {}, bearer(token));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) break;
    list = r.json().at("reports").as_array();
    if (list.size() >= want) return list;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "the list never held " << want << " reports: " << json::serialize(list);
  return list;
}

class ScheduledReportsTest : public ServerSuite {
 protected:
  // Three days of history, five days kept: the catch-up makes yesterday's
  // and the two before (the first day with rollups); the fourth day back
  // has no data and no report until someone asks for it.
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = start("sqlite:" + dir_->path() + "/scheduled.db", 3, 5).release();
    ASSERT_NE(server_, nullptr);
    port_ = server_->port();
    admin_ = login(port_, "admin");
  }
};

TEST_F(ScheduledReportsTest, MissedDaysAreGeneratedAtStartAndListedNewestFirst) {
  json::array list = wait_for_reports(port_, admin_, 3);
  ASSERT_EQ(list.size(), 3u) << json::serialize(list);
  EXPECT_EQ(list[0].at("day").as_string(), shanghai_date(1));
  EXPECT_EQ(list[1].at("day").as_string(), shanghai_date(2));
  EXPECT_EQ(list[2].at("day").as_string(), shanghai_date(3));
  const json::object& r = list[0].as_object();
  EXPECT_EQ(r.at("kind").as_string(), "daily");
  EXPECT_EQ(r.at("time_zone").as_string(), "Asia/Shanghai");
  EXPECT_EQ(std::string(r.at("start").as_string()), shanghai_date(1) + "T00:00:00+08:00");
  EXPECT_EQ(std::string(r.at("end").as_string()), shanghai_date(0) + "T00:00:00+08:00");
  EXPECT_EQ(r.at("end_ms").to_number<int64_t>() - r.at("start_ms").to_number<int64_t>(), kDayMs);
  const json::array& files = r.at("files").as_array();
  ASSERT_EQ(files.size(), 3u);
  for (const auto& f : files) EXPECT_GT(f.at("bytes").to_number<int64_t>(), 1000) << json::serialize(f);
  const std::string id = std::to_string(r.at("id").to_number<int64_t>());
  EXPECT_EQ(files[0].at("href").as_string(), "/api/v1/reports/scheduled/" + id + "?format=csv");
  EXPECT_EQ(files[2].at("href").as_string(), "/api/v1/reports/scheduled/" + id + "?format=html&lang=zh-CN");
  // The log says what was made.
  std::ifstream log(server_->log_path());
  const std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_NE(text.find("reports: daily report of " + shanghai_date(1) + " generated"), std::string::npos) << text;
  // The metadata alone.
  HttpResult one = as(admin_, "GET", "/api/v1/reports/scheduled/" + id);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("day").as_string(), shanghai_date(1));
  EXPECT_EQ(as(admin_, "GET", "/api/v1/reports/scheduled?limit=2").json().at("reports").as_array().size(), 2u);
}

TEST_F(ScheduledReportsTest, DownloadsAsCsvAndHtmlInBothLanguages) {
  json::array list = wait_for_reports(port_, admin_, 3);
  ASSERT_FALSE(list.empty());
  const std::string day(list[0].at("day").as_string());
  const std::string base = "/api/v1/reports/scheduled/" + std::to_string(list[0].at("id").to_number<int64_t>());

  HttpResult csv = as(admin_, "GET", base + "?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("content-disposition"), "attachment; filename=\"switchyard-daily-" + day + ".csv\"");
  EXPECT_EQ(csv.body.rfind("section,id,name,start,offered,answered,abandoned,", 0), 0u) << csv.body.substr(0, 200);
  EXPECT_NE(csv.body.find("\r\ncenter,0,center," + day + "T00:00:00+08:00,"), std::string::npos);
  EXPECT_NE(csv.body.find("\r\nqueue,0,billing,"), std::string::npos) << "the demo history's busiest queue";
  EXPECT_NE(csv.body.find("\r\nagent,"), std::string::npos);

  HttpResult en = as(admin_, "GET", base + "?format=html");
  ASSERT_EQ(en.status, 200);
  EXPECT_EQ(en.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(en.header("content-disposition"), "inline; filename=\"switchyard-daily-" + day + "-en.html\"");
  EXPECT_EQ(en.header("content-security-policy"), "default-src 'none'; style-src 'unsafe-inline'");
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.body.find("<svg "), std::string::npos);
  EXPECT_NE(en.body.find("<th scope=\"row\">billing</th>"), std::string::npos);

  HttpResult zh = as(admin_, "GET", base + "?format=html&lang=zh-CN");
  ASSERT_EQ(zh.status, 200);
  EXPECT_NE(zh.body.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(zh.body.find("日报"), std::string::npos);
  EXPECT_EQ(zh.header("content-disposition"), "inline; filename=\"switchyard-daily-" + day + "-zh-CN.html\"");
}

TEST_F(ScheduledReportsTest, AnAdminGeneratesADayOnDemand) {
  json::array list = wait_for_reports(port_, admin_, 3);
  ASSERT_FALSE(list.empty());
  // A kept day without a report: created (nothing happened that day).
  const std::string empty_day = shanghai_date(4);
  HttpResult made = as(admin_, "POST", "/api/v1/reports/scheduled", R"({"day":")" + empty_day + "\"}");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("day").as_string(), empty_day);
  const std::string empty_id = std::to_string(made.json().at("id").to_number<int64_t>());
  HttpResult page = as(admin_, "GET", "/api/v1/reports/scheduled/" + empty_id + "?format=html");
  EXPECT_NE(page.body.find("No contacts this day."), std::string::npos);
  // Again for yesterday: replaced in place (same id, a newer time).
  const json::object& old = list[0].as_object();
  HttpResult again = as(admin_, "POST", "/api/v1/reports/scheduled", R"({"day":")" + shanghai_date(1) + "\"}");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("id").to_number<int64_t>(), old.at("id").to_number<int64_t>());
  EXPECT_GT(again.json().at("created_ms").to_number<int64_t>(), old.at("created_ms").to_number<int64_t>());
  EXPECT_EQ(as(admin_, "GET", "/api/v1/reports/scheduled").json().at("reports").as_array().size(), 4u);
}

TEST_F(ScheduledReportsTest, BadInputNamesTheField) {
  struct Case {
    const char* method;
    std::string target, body, field;
    int status;
  };
  const std::string post = "/api/v1/reports/scheduled";
  const Case kCases[] = {
      {"POST", post, R"({"day":")" + shanghai_date(0) + "\"}", "day", 400},   // today has not ended
      {"POST", post, R"({"day":")" + shanghai_date(-3) + "\"}", "day", 400},  // the future
      {"POST", post, R"({"day":")" + shanghai_date(9) + "\"}", "day", 400},   // before keep_days
      {"POST", post, R"({"day":"2026-02-30"})", "day", 400},
      {"POST", post, R"({"day":"yesterday"})", "day", 400},
      {"POST", post, R"({"day":"2026-03-01T10:00"})", "day", 400},
      {"POST", post, R"({"day":5})", "day", 400},
      {"POST", post, R"({})", "day", 400},
      {"POST", post, R"({"day":"2026-03-01","kind":"weekly"})", "kind", 400},
      {"POST", post, "not json", "body", 400},
      {"GET", post + "?limit=0", "", "limit", 400},
      {"GET", post + "/abc", "", "id", 400},
      {"GET", post + "/999999", "", "id", 404},
      {"GET", post + "/1?format=pdf", "", "format", 400},
      {"GET", post + "/1?format=html&lang=fr", "", "lang", 400},
  };
  for (const Case& c : kCases) {
    HttpResult r = as(admin_, c.method, c.target, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.target << " " << c.body << ": " << r.body;
    EXPECT_EQ(r.json().at("error").at("field").as_string(), c.field) << c.target << " " << c.body;
  }
}

TEST_F(ScheduledReportsTest, OnlyWholeCenterReadersReadAndOnlyAdminsGenerate) {
  json::array list = wait_for_reports(port_, admin_, 1);
  ASSERT_FALSE(list.empty());
  const std::string one = "/api/v1/reports/scheduled/" + std::to_string(list[0].at("id").to_number<int64_t>());
  const std::string body = R"({"day":")" + shanghai_date(1) + "\"}";
  const std::string agent = login(port_, "agent01"), lead = login(port_, "lead.red"),
                    reporting = login(port_, "reporting");
  EXPECT_EQ(as(agent, "GET", "/api/v1/reports/scheduled").status, 403);
  EXPECT_EQ(as(agent, "GET", one + "?format=csv").status, 403);
  EXPECT_EQ(as(agent, "POST", "/api/v1/reports/scheduled", body).status, 403);
  EXPECT_EQ(as(lead, "GET", "/api/v1/reports/scheduled").status, 403);
  EXPECT_EQ(as(reporting, "GET", "/api/v1/reports/scheduled").status, 200);
  EXPECT_EQ(as(reporting, "GET", one + "?format=html&lang=zh-CN").status, 200);
  EXPECT_EQ(as(reporting, "POST", "/api/v1/reports/scheduled", body).status, 403);
  EXPECT_EQ(http(port_, "GET", "/api/v1/reports/scheduled").status, 401);
  EXPECT_EQ(http(port_, "GET", one + "?format=csv").status, 401);
}

// A restart runs the catch-up again: it finds every due day stored and
// adds nothing; the reports keep their ids.
TEST(ScheduledReportsRestart, ARestartAddsNoDuplicate) {
  TempDir dir;
  const std::string store = "sqlite:" + dir.path() + "/restart.db";
  json::array before;
  {
    auto server = start(store, 2, 5);
    ASSERT_NE(server, nullptr);
    before = wait_for_reports(server->port(), login(server->port(), "admin"), 2);
    ASSERT_EQ(before.size(), 2u);
    EXPECT_EQ(server->terminate(), 0);
  }
  auto server = start(store, 2, 5);
  ASSERT_NE(server, nullptr);
  const std::string token = login(server->port(), "admin");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the catch-up has run
  const json::array after = wait_for_reports(server->port(), token, 2);
  EXPECT_EQ(json::serialize(after), json::serialize(before));
  EXPECT_EQ(server->terminate(), 0);
}

}  // namespace
}  // namespace switchyard::testing
