// Workforce planning end to end: the real binary with two weeks of simulated
// demo history; forecasts from the rollups with adjustments, requirements,
// a generated schedule (coverage recounted here from its shifts), rule
// checks on a hand edit, publishing, one's own schedule and adherence.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

// The local date n days after `base` ("YYYY-MM-DD").
std::string day(const std::string& base, int n) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(base.c_str(), "%d-%u-%u", &y, &m, &d);
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::year_month_day{
                                            std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}) +
                                        std::chrono::days{n}};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return std::string(out);
}

// The notifications of a user with this kind, newest first.
std::vector<json::value> notes_of(uint16_t port, const std::string& token, const std::string& kind) {
  HttpResult r = http(port, "GET", "/api/v1/notifications?limit=200", "", bearer(token));
  std::vector<json::value> out;
  if (r.status != 200) {
    ADD_FAILURE() << r.body;
    return out;
  }
  const json::value v = r.json();
  for (const json::value& n : v.at("items").as_array())
    if (n.at("kind").as_string() == kind) out.push_back(n);
  return out;
}

// The field an error answer names ("" when the answer is no error).
std::string field_of(const HttpResult& r) {
  if (r.status < 400) {
    ADD_FAILURE() << "not an error: " << r.status << " " << r.body.substr(0, 300);
    return "";
  }
  return std::string(r.json().at("error").at("field").as_string());
}

class WfmTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = ServerProcess::start("sqlite:" + dir_->path() + "/wfm.db", {"--demo-history-days", "14"}).release();
    ASSERT_NE(server_, nullptr);
    port_ = server_->port();
    admin_ = login(port_, "admin");
    planner_ = login(port_, "wfm");
    // Today's local date, as the server sees it (the forecast's default
    // start), once the simulated fortnight is in the rollups (their
    // projection catches up after the start).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    double last = -1;
    for (;;) {
      HttpResult f = as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&days=1");
      ASSERT_EQ(f.status, 200) << f.body;
      today_ = std::string(f.json().at("start").as_string());
      json::value v = f.json();
      const json::array& days = v.at("history").at("contacts").as_array();
      const double total = sum(days);
      // The projection applies the fortnight oldest first and may pause
      // (a loaded machine): the last week must be in too, and no longer growing.
      double last_week = 0;
      for (size_t i = days.size() >= 7 * 96 ? days.size() - 7 * 96 : 0; i < days.size(); ++i)
        last_week += days[i].to_number<double>();
      if (total > 500 && total == last && last_week > 0.3 * total / 2) break;
      last = total;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no history in the rollups";
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  // A token for the demo agent `agent` (a user of that name is made when the demo has none).
  static std::string agent_login(const std::string& agent) {
    HttpResult u = as(admin_, "POST", "/api/v1/users",
                      R"({"username":")" + agent + R"(","password":"switchyard-demo","role":"agent","agent":")" + agent + R"("})");
    EXPECT_TRUE(u.status == 201 || u.status == 409) << u.body;
    return login(port_, agent);
  }
  static double sum(const json::value& a) {
    double s = 0;
    for (const json::value& x : a.as_array()) s += x.to_number<double>();
    return s;
  }
  static inline std::string planner_, today_;
};

TEST_F(WfmTest, AForecastFromTheRollupsWithItsBacktestAndAdjustments) {
  HttpResult r = as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&start=" + today_ + "&days=7");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value f = r.json();
  EXPECT_EQ(f.at("interval_min"), 15);
  EXPECT_EQ(f.at("forecast").at("contacts").as_array().size(), 7u * 96);
  EXPECT_EQ(f.at("history").at("contacts").as_array().size(), 8u * 7 * 96);
  const double history = sum(f.at("history").at("contacts"));
  EXPECT_GT(history, 500) << "the demo's simulated fortnight is in the rollups";
  const double week = sum(f.at("forecast").at("contacts"));
  // Two weeks of history: the forecast week is about the last week's volume.
  EXPECT_GT(week, 0.3 * history / 2);
  EXPECT_LT(week, 3.0 * history / 2);
  const std::string method(f.at("method").as_string());
  EXPECT_TRUE(method == "seasonal_naive" || method == "holt_winters") << method;
  for (const json::value& b : f.at("backtest").as_array()) EXPECT_GE(b.at("wape").to_number<double>(), 0) << b;
  // a queue without history has nothing to score the backtest against: null, not a perfect 0
  ASSERT_EQ(as(admin_, "POST", "/api/v1/queues", R"({"name":"quiet","channel":"voice"})").status, 201);
  const json::value quiet = as(planner_, "GET", "/api/v1/wfm/forecast?queue=quiet&start=" + today_ + "&days=1").json();
  ASSERT_FALSE(quiet.at("backtest").as_array().empty()) << quiet;
  for (const json::value& b : quiet.at("backtest").as_array()) {
    EXPECT_TRUE(b.at("wape").is_null()) << b;
    EXPECT_TRUE(b.at("mape").is_null()) << b;
  }

  // +50 % from 09:00 to 12:00 of the first day: intervals 36..47.
  HttpResult a = as(planner_, "POST", "/api/v1/wfm/adjustments",
                    R"({"queue":"billing","start":")" + today_ + R"(T09:00","end":")" + today_ +
                        R"(T12:00","kind":"percent","amount":50,"note":"campaign"})");
  ASSERT_EQ(a.status, 201) << a.body;
  const int64_t id = a.json().at("id").to_number<int64_t>();
  json::value g = as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&start=" + today_ + "&days=7").json();
  const json::array& base = g.at("forecast").at("base_contacts").as_array();
  const json::array& adjusted = g.at("forecast").at("contacts").as_array();
  for (size_t i = 0; i < 96; ++i) {
    const double want = base[i].to_number<double>() * (i >= 36 && i < 48 ? 1.5 : 1.0);
    EXPECT_NEAR(adjusted[i].to_number<double>(), want, 0.002) << "interval " << i;
  }
  ASSERT_EQ(g.at("adjustments").as_array().size(), 1u);
  EXPECT_EQ(g.at("adjustments").as_array()[0].at("note"), "campaign");

  struct Bad {
    std::string body;
    const char* field;
  };
  const std::string day = today_;
  for (const Bad& b : {Bad{R"({"queue":"billing","start":")" + day + R"(T09:05","end":")" + day + R"(T12:00","kind":"percent","amount":5})", "start"},
                       Bad{R"({"queue":"billing","start":")" + day + R"(T09:00","end":")" + day + R"(T08:00","kind":"percent","amount":5})", "end"},
                       Bad{R"({"queue":"billing","start":")" + day + R"(T09:00","end":")" + day + R"(T12:00","kind":"factor","amount":5})", "kind"},
                       Bad{R"({"queue":"billing","start":")" + day + R"(T09:00","end":")" + day + R"(T12:00","kind":"percent","amount":-150})", "amount"},
                       Bad{R"({"queue":"billing","start":")" + day + R"(T09:00","end":")" + day + R"(T12:00","kind":"percent","amount":"x"})", "amount"},
                       Bad{R"({"queue":"billing","start":"2026-13-01T00:00","end":")" + day + R"(T12:00","kind":"percent","amount":5})", "start"}}) {
    HttpResult x = as(planner_, "POST", "/api/v1/wfm/adjustments", b.body);
    EXPECT_EQ(x.status, 400) << b.body << " -> " << x.body;
    EXPECT_EQ(x.json().at("error").at("field"), b.field) << x.body;
  }
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/forecast?queue=nosuch").status, 404);
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&method=magic").json().at("error").at("field"),
            "method");
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&days=40").json().at("error").at("field"), "days");
  EXPECT_EQ(as(login(port_, "reporting"), "GET", "/api/v1/wfm/forecast?queue=billing").status, 403);
  EXPECT_EQ(as(login(port_, "agent01"), "GET", "/api/v1/wfm/forecast?queue=billing").status, 403);
  EXPECT_EQ(as(planner_, "DELETE", "/api/v1/wfm/adjustments/" + std::to_string(id)).status, 204);
  EXPECT_EQ(as(planner_, "DELETE", "/api/v1/wfm/adjustments/" + std::to_string(id)).status, 404);
}

TEST_F(WfmTest, TheRequirementFollowsTheForecast) {
  HttpResult r = as(planner_, "GET", "/api/v1/wfm/requirement?queue=billing&start=" + today_ + "&days=1");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value q = r.json();
  json::value f = as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&start=" + today_ + "&days=1").json();
  const json::array& agents = q.at("agents").as_array();
  const json::array& scheduled = q.at("scheduled").as_array();
  const json::array& calls = f.at("forecast").at("contacts").as_array();
  ASSERT_EQ(agents.size(), 96u);
  int most = 0;
  for (size_t i = 0; i < 96; ++i) {
    const int n = static_cast<int>(agents[i].to_number<int64_t>());
    most = std::max(most, n);
    EXPECT_GE(scheduled[i].to_number<int64_t>(), n);  // shrinkage 30 %
    if (calls[i].to_number<double>() == 0) {
      EXPECT_EQ(n, 0) << i;
    } else {
      EXPECT_GE(n, 1) << i;
    }
  }
  EXPECT_GT(most, 0);
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/requirement?queue=billing&start=" + today_ + "&target_sl=1.5")
                .json().at("error").at("field"),
            "target_sl");
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/requirement?queue=billing").json().at("error").at("field"), "start");
  // Other goals: an ASA bound (Erlang C), an abandonment bound (Erlang A, with patience).
  const std::string base = "/api/v1/wfm/requirement?queue=billing&start=" + today_ + "&days=1";
  HttpResult asa = as(planner_, "GET", base + "&target=asa&target_asa_s=5");
  ASSERT_EQ(asa.status, 200) << asa.body;
  HttpResult ab = as(planner_, "GET", base + "&target=abandon_rate&target_abandon=0.05&patience_s=60");
  ASSERT_EQ(ab.status, 200) << ab.body;
  const json::value asa_v = asa.json(), ab_v = ab.json();
  for (size_t i = 0; i < 96; ++i) {
    if (calls[i].to_number<double>() == 0) continue;
    EXPECT_LE(asa_v.at("asa_s").as_array()[i].to_number<double>(), 5.0 + 1e-6) << i;
    EXPECT_LE(ab_v.at("abandon_rate").as_array()[i].to_number<double>(), 0.05 + 1e-6) << i;
    EXPECT_GT(ab_v.at("abandon_rate").as_array()[i].to_number<double>(), 0) << i;  // Erlang A: some abandon
  }
  EXPECT_EQ(as(planner_, "GET", base + "&target=abandon_rate").json().at("error").at("field"), "patience_s");
  EXPECT_EQ(as(planner_, "GET", base + "&target=speed").json().at("error").at("field"), "target");
}

TEST_F(WfmTest, AScheduleIsGeneratedCheckedPublishedAndFollowed) {
  HttpResult g = as(planner_, "POST", "/api/v1/wfm/schedules", R"({"start":")" + today_ + R"(","weeks":1})");
  ASSERT_EQ(g.status, 201) << g.body.substr(0, 500);
  json::value s = g.json();
  const int64_t id = s.at("id").to_number<int64_t>();
  const std::string path = "/api/v1/wfm/schedules/" + std::to_string(id);
  EXPECT_EQ(s.at("status"), "draft");
  EXPECT_EQ(s.at("violations").as_array().size(), 0u) << json::serialize(s.at("violations"));
  const json::array& shifts = s.at("shifts").as_array();
  ASSERT_FALSE(shifts.empty());
  ASSERT_TRUE(s.at("greedy").is_object());
  EXPECT_LE(s.at("report").at("objective").to_number<double>(), s.at("greedy").at("objective").to_number<double>());

  // Coverage recounted here from the shifts and their breaks, per group.
  std::map<std::string, std::vector<int>> covered;
  for (const json::value& g2 : s.at("groups").as_array())
    covered[std::string(g2.at("name").as_string())].assign(7 * 96, 0);
  ASSERT_TRUE(covered.count("billing"));
  for (const json::value& sh : shifts) {
    const int day = static_cast<int>(sh.at("day").to_number<int64_t>());
    const int start = static_cast<int>(sh.at("start_min").to_number<int64_t>());
    const int length = static_cast<int>(sh.at("length_min").to_number<int64_t>());
    auto& row = covered[std::string(sh.at("group").as_string())];
    for (int m = start; m < start + length; m += 15) {
      bool on_break = false;
      for (const json::value& b : sh.at("breaks").as_array()) {
        const int from = start + static_cast<int>(b.at("offset_min").to_number<int64_t>());
        if (m >= from && m < from + static_cast<int>(b.at("length_min").to_number<int64_t>())) on_break = true;
      }
      const size_t i = static_cast<size_t>(day * 96 + m / 15);
      if (!on_break && i < row.size()) ++row[i];
    }
  }
  for (const json::value& g2 : s.at("groups").as_array()) {
    const auto& mine = covered[std::string(g2.at("name").as_string())];
    const json::array& theirs = g2.at("covered").as_array();
    ASSERT_EQ(theirs.size(), mine.size());
    for (size_t i = 0; i < mine.size(); ++i) ASSERT_EQ(theirs[i].to_number<int64_t>(), mine[i]) << g2.at("name") << i;
  }

  // A hand edit outside the shift window is saved and its violation listed.
  const json::value first = shifts[0];
  const std::string shift_path = path + "/shifts/0";
  HttpResult e = as(planner_, "PUT", shift_path, R"({"start_min":0,"length_min":)" +
                                                    std::to_string(first.at("length_min").to_number<int64_t>()) + "}");
  ASSERT_EQ(e.status, 200) << e.body.substr(0, 300);
  bool window = false;
  const json::value edited = e.json();  // json() makes a new value each call: keep one
  for (const json::value& v : edited.at("violations").as_array())
    if (v.at("rule") == "start_window" && v.at("agent") == first.at("agent")) window = true;
  EXPECT_TRUE(window) << json::serialize(edited.at("violations"));
  EXPECT_EQ(as(planner_, "GET", path).json().at("shifts").as_array()[0].at("start_min"), 0) << "saved as asked";
  HttpResult refused = as(planner_, "POST", path + "/publish");
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json().at("error").at("field"), "violations");
  EXPECT_FALSE(refused.json().at("violations").as_array().empty());
  EXPECT_EQ(as(planner_, "PUT", shift_path, R"({"start_min":7,"length_min":480})").json().at("error").at("field"),
            "start_min");
  EXPECT_EQ(as(planner_, "PUT", path + "/shifts/99999", R"({"start_min":480,"length_min":480})").status, 404);
  // Back where it was: no violation, and it publishes.
  HttpResult back = as(planner_, "PUT", shift_path,
                       R"({"start_min":)" + std::to_string(first.at("start_min").to_number<int64_t>()) +
                           R"(,"length_min":)" + std::to_string(first.at("length_min").to_number<int64_t>()) + "}");
  ASSERT_EQ(back.status, 200);
  EXPECT_TRUE(back.json().at("violations").as_array().empty());
  HttpResult p = as(planner_, "POST", path + "/publish");
  ASSERT_EQ(p.status, 200) << p.body.substr(0, 300);
  EXPECT_EQ(p.json().at("status"), "published");
  EXPECT_EQ(as(planner_, "PUT", shift_path, R"({"start_min":480,"length_min":480})").status, 409);
  // The multi-skill check: the schedule's agents simulated against the forecast.
  HttpResult chk = as(planner_, "GET", path + "/check?replications=2");
  ASSERT_EQ(chk.status, 200) << chk.body.substr(0, 300);
  const json::value check = chk.json();
  EXPECT_GT(check.at("contacts").to_number<int64_t>(), 0);
  ASSERT_EQ(check.at("queues").as_array().size(), s.at("groups").as_array().size());
  bool below_target = false;
  for (const json::value& q : check.at("queues").as_array()) {
    EXPECT_EQ(q.at("achieved_sl").as_array().size(), 7u * 96);
    for (const json::value& x : q.at("achieved_sl").as_array()) {
      EXPECT_GE(x.to_number<double>(), 0);
      EXPECT_LE(x.to_number<double>(), 1);
    }
    if (!q.at("total").at("achieved_sl").is_null() &&
        q.at("total").at("achieved_sl").to_number<double>() < q.at("target_sl").to_number<double>())
      below_target = true;
  }
  // The plan leaves intervals under-staffed: some queue misses its target.
  if (s.at("report").at("under").to_number<double>() > 0) {
    EXPECT_TRUE(below_target) << chk.body.substr(0, 400);
  }
  EXPECT_EQ(as(planner_, "GET", path + "/check?replications=0").json().at("error").at("field"), "replications");
  json::value list = as(planner_, "GET", "/api/v1/wfm/schedules").json();
  EXPECT_EQ(list.as_array()[0].at("id"), id);
  EXPECT_EQ(list.as_array()[0].at("version"), 1);

  // An agent sees exactly its own shifts.
  size_t mine = 0;
  for (const json::value& sh : shifts)
    if (sh.at("agent") == "agent01") ++mine;
  HttpResult my = as(login(port_, "agent01"), "GET", "/api/v1/wfm/my/schedule");
  ASSERT_EQ(my.status, 200) << my.body;
  const json::value my_view = my.json();
  EXPECT_EQ(my_view.at("shifts").as_array().size(), mine);
  for (const json::value& sh : my_view.at("shifts").as_array()) EXPECT_EQ(sh.at("agent"), "agent01");

  // Adherence: a lead sees its team (agent01..10 are team red), an agent itself.
  HttpResult lead = as(login(port_, "lead.red"), "GET", "/api/v1/wfm/adherence");
  ASSERT_EQ(lead.status, 200) << lead.body;
  const json::value lead_view = lead.json();
  const json::array& rows = lead_view.at("agents").as_array();
  EXPECT_EQ(rows.size(), 10u);
  for (const json::value& row : rows) {
    EXPECT_EQ(row.at("team"), "red");
    const std::string sched(row.at("scheduled").as_string());
    EXPECT_TRUE(sched == "working" || sched == "break" || sched == "off") << sched;
    // Logged out (nobody logged in here): in adherence exactly when off or on a break.
    if (row.at("state") == "logged_out") {
      EXPECT_EQ(row.at("out_since_ms").is_null(), sched != "working") << json::serialize(row);
    }
  }
  // The adherence report of today: scheduled minutes recounted here from the shifts.
  std::map<std::string, std::pair<int64_t, int64_t>> planned;  // agent -> (scheduled, working) minutes of day 0
  for (const json::value& sh : shifts) {
    if (sh.at("day") != 0) continue;
    auto& p2 = planned[std::string(sh.at("agent").as_string())];
    const int64_t length = sh.at("length_min").to_number<int64_t>();
    int64_t breaks = 0;
    for (const json::value& b : sh.at("breaks").as_array()) breaks += b.at("length_min").to_number<int64_t>();
    p2.first += std::min<int64_t>(length, 1440 - sh.at("start_min").to_number<int64_t>());
    p2.second += length - breaks;
  }
  HttpResult rep = as(login(port_, "lead.red"), "GET", "/api/v1/wfm/adherence/report?from=" + today_);
  ASSERT_EQ(rep.status, 200) << rep.body;
  const json::value report = rep.json();
  ASSERT_EQ(report.at("days").as_array().size(), 10u);  // team red, one day
  for (const json::value& d : report.at("days").as_array()) {
    const std::string agent(d.at("agent").as_string());
    const int64_t scheduled = d.at("scheduled_min").to_number<int64_t>();
    EXPECT_EQ(scheduled, planned[agent].first) << agent;
    EXPECT_EQ(d.at("working_min").to_number<int64_t>(), planned[agent].second) << agent;  // less breaks
    EXPECT_LE(d.at("in_adherence_min").to_number<int64_t>(), scheduled);
    EXPECT_GE(d.at("in_adherence_min").to_number<int64_t>(), 0);
    const double adherence = d.at("adherence").to_number<double>();
    EXPECT_TRUE(adherence >= 0 && adherence <= 1) << adherence;
  }
  // The quality page's adherence of an agent is this report's (docs/quality.md "Performance figures"):
  // the same day, in percent; a minute may pass between the two reads.
  int compared = 0;
  const std::string lead_token = login(port_, "lead.red");
  for (const json::value& d : report.at("days").as_array()) {
    const int64_t scheduled = d.at("scheduled_min").to_number<int64_t>();
    if (scheduled == 0 || compared == 3) continue;
    const std::string agent(d.at("agent").as_string());
    HttpResult perf = as(lead_token, "GET", "/api/v1/quality/agents/" + agent + "/performance?from=" + today_ + "&to=" + today_ + "T23:59");
    ASSERT_EQ(perf.status, 200) << perf.body;
    const json::value kpis = perf.json().at("kpis");
    const json::value& adherence = kpis.as_array().back();
    ASSERT_EQ(adherence.at("key"), "adherence");
    ASSERT_FALSE(adherence.at("value").is_null()) << agent << " is scheduled " << scheduled << " min today";
    EXPECT_NEAR(adherence.at("value").to_number<double>(), 100 * d.at("adherence").to_number<double>(), 100.0 * 2 / scheduled)
        << agent;
    ++compared;
  }
  EXPECT_GT(compared, 0);
  HttpResult csv = as(planner_, "GET", "/api/v1/wfm/adherence/report?from=" + today_ + "&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("date,agent,team,scheduled_min", 0), 0u) << csv.body.substr(0, 100);
  EXPECT_EQ(static_cast<size_t>(std::count(csv.body.begin(), csv.body.end(), '\n')),
            1 + as(admin_, "GET", "/api/v1/agents").json().as_array().size());
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/adherence/report?from=" + today_ + "&to=2020-01-01").json().at("error").at("field"),
            "to");
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/adherence/report").json().at("error").at("field"), "from");

  HttpResult self = as(login(port_, "agent02"), "GET", "/api/v1/wfm/adherence");
  ASSERT_EQ(self.status, 200);
  ASSERT_EQ(self.json().at("agents").as_array().size(), 1u);
  EXPECT_EQ(self.json().at("agents").as_array()[0].at("agent"), "agent02");
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/adherence").json().at("agents").as_array().size(),
            as(admin_, "GET", "/api/v1/agents").json().as_array().size());
}


TEST_F(WfmTest, LeaveIsRequestedWithinTheBalanceDecidedByTheLeadAndKeptOffSchedules) {
  const std::string agent = login(port_, "agent01"), lead = login(port_, "lead.red"), other_lead = login(port_, "lead.blue");
  const std::string d1 = day(today_, 1), d3 = day(today_, 3), year = today_.substr(0, 4);
  HttpResult r = as(agent, "POST", "/api/v1/wfm/leave", R"({"first":")" + d1 + R"(","last":")" + d3 + R"(","note":"family"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = r.json().at("id").to_number<int64_t>();
  EXPECT_EQ(r.json().at("status"), "pending");
  EXPECT_EQ(r.json().at("days"), 3);
  EXPECT_EQ(r.json().at("agent"), "agent01");
  HttpResult overlap = as(agent, "POST", "/api/v1/wfm/leave", R"({"first":")" + d3 + R"(","last":")" + d3 + R"("})");
  EXPECT_EQ(overlap.status, 409);
  EXPECT_EQ(overlap.json().at("error").at("field"), "first");
  json::value b = as(agent, "GET", "/api/v1/wfm/leave/balance?year=" + year).json();
  EXPECT_EQ(b.at("allowance"), 25);
  EXPECT_EQ(b.at("pending"), 3);
  EXPECT_EQ(b.at("left"), 22);
  // The planner gives agent01 4 days: 1 left, so 2 more days of annual leave do not fit; sick leave does.
  HttpResult set = as(planner_, "PUT", "/api/v1/wfm/leave/balance", R"({"agent":"agent01","year":)" + year + R"(,"days":4})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("left"), 1);
  const std::string d10 = day(today_, 10), d11 = day(today_, 11);
  HttpResult too_much = as(agent, "POST", "/api/v1/wfm/leave", R"({"first":")" + d10 + R"(","last":")" + d11 + R"("})");
  EXPECT_EQ(too_much.status, 409) << too_much.body;
  EXPECT_EQ(too_much.json().at("error").at("field"), "last");
  EXPECT_EQ(as(agent, "POST", "/api/v1/wfm/leave", R"({"first":")" + d10 + R"(","last":")" + d11 + R"(","kind":"sick"})").status, 201);
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"first":")" + d3 + R"(","last":")" + d1 + R"("})", "last"},
           {R"({"first":")" + d1 + R"(","last":")" + day(today_, 70) + R"("})", "last"},
           {R"({"first":")" + d1 + R"(","last":")" + d1 + R"(","kind":"vacation"})", "kind"},
           {R"({"first":"tomorrow","last":")" + d1 + R"("})", "first"},
           {R"({"agent":"agent02","first":")" + d1 + R"(","last":")" + d1 + R"("})", "agent"}}) {
    HttpResult x = as(agent, "POST", "/api/v1/wfm/leave", body);
    EXPECT_TRUE(x.status == 400 || x.status == 403) << body << " -> " << x.body;
    EXPECT_EQ(x.json().at("error").at("field").as_string(), field) << x.body;
  }
  // Nobody decides outside their scope; the agent cannot approve its own.
  const std::string decision = "/api/v1/wfm/leave/" + std::to_string(id) + "/decision";
  EXPECT_EQ(as(agent, "POST", decision, R"({"decision":"approve"})").status, 403);
  EXPECT_EQ(as(other_lead, "POST", decision, R"({"decision":"approve"})").status, 403);
  EXPECT_EQ(as(other_lead, "GET", "/api/v1/wfm/leave?from=" + today_ + "&to=" + d11).json().as_array().size(), 0u);
  EXPECT_EQ(as(lead, "GET", "/api/v1/wfm/leave?from=" + today_ + "&to=" + d11).json().as_array().size(), 2u);

  // The impact on the published schedule, before approving: the agent's shifts those days.
  HttpResult g = as(planner_, "POST", "/api/v1/wfm/schedules", R"({"start":")" + today_ + R"(","weeks":1})");
  ASSERT_EQ(g.status, 201);
  const json::value sched = g.json();
  ASSERT_EQ(as(planner_, "POST", "/api/v1/wfm/schedules/" + std::to_string(sched.at("id").to_number<int64_t>()) + "/publish")
                .status,
            200);
  std::map<int64_t, int64_t> minutes;  // day -> agent01's scheduled minutes
  for (const json::value& sh : sched.at("shifts").as_array())
    if (sh.at("agent") == "agent01") minutes[sh.at("day").to_number<int64_t>()] += sh.at("length_min").to_number<int64_t>();
  HttpResult im = as(lead, "GET", "/api/v1/wfm/leave/" + std::to_string(id) + "/impact");
  ASSERT_EQ(im.status, 200) << im.body;
  const json::value impact = im.json();
  ASSERT_EQ(impact.at("days").as_array().size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    const json::value& dd = impact.at("days").as_array()[k];
    EXPECT_EQ(dd.at("shift_min").to_number<int64_t>(), minutes[static_cast<int64_t>(k + 1)]) << dd;
    EXPECT_GE(dd.at("under_after").to_number<double>(), dd.at("under_before").to_number<double>());
  }
  EXPECT_EQ(as(agent, "GET", "/api/v1/wfm/leave/" + std::to_string(id) + "/impact").status, 403);

  HttpResult ok = as(lead, "POST", decision, R"({"decision":"approve","reason":"covered"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("status"), "approved");
  EXPECT_EQ(ok.json().at("decided_by"), "lead.red");
  EXPECT_EQ(as(lead, "POST", decision, R"({"decision":"decline"})").status, 409);
  EXPECT_EQ(as(agent, "GET", "/api/v1/wfm/leave/balance?year=" + year).json().at("taken"), 3);
  // The lead was told of both requests, the agent of the decision; the other lead of nothing.
  std::vector<json::value> asked = notes_of(port_, lead, "wfm.leave_requested");
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[1].at("data").at("leave"), id);
  EXPECT_EQ(asked[1].at("data").at("agent"), "agent01");
  EXPECT_EQ(asked[1].at("data").at("first").as_string(), d1);
  EXPECT_TRUE(notes_of(port_, other_lead, "wfm.leave_requested").empty());
  std::vector<json::value> told = notes_of(port_, agent, "wfm.leave_decided");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("data").at("status"), "approved");
  EXPECT_EQ(told[0].at("data").at("reason"), "covered");
  EXPECT_EQ(told[0].at("link"), "/schedule");
  // A new schedule keeps agent01 off those days, within the rules.
  HttpResult again = as(planner_, "POST", "/api/v1/wfm/schedules", R"({"start":")" + today_ + R"(","weeks":1})");
  ASSERT_EQ(again.status, 201);
  const json::value next = again.json();
  EXPECT_TRUE(next.at("violations").as_array().empty());
  for (const json::value& sh : next.at("shifts").as_array())
    if (sh.at("agent") == "agent01") {
      const int64_t d = sh.at("day").to_number<int64_t>();
      EXPECT_TRUE(d < 1 || d > 3) << "a shift on leave, day " << d;
    }
  // The agent may still cancel it: it has not begun.
  HttpResult cancel = as(agent, "POST", decision, R"({"decision":"cancel"})");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.json().at("status"), "cancelled");
}

TEST_F(WfmTest, AShiftIsOfferedTakenApprovedByTheLeadAndEveryoneConcernedIsTold) {
  HttpResult g = as(planner_, "POST", "/api/v1/wfm/schedules", R"({"start":")" + today_ + R"(","weeks":1})");
  ASSERT_EQ(g.status, 201) << g.body.substr(0, 300);
  const json::value sched = g.json();
  const int64_t sched_id = sched.at("id").to_number<int64_t>();
  ASSERT_EQ(as(planner_, "POST", "/api/v1/wfm/schedules/" + std::to_string(sched_id) + "/publish").status, 200);
  // Team red is agent01..agent10. Offer each red agent's shift of day 2..6 in
  // turn until another red agent may take it, as a gift or in exchange for
  // one of its own shifts (the board says which, rules checked).
  std::map<std::string, std::map<int64_t, json::value>> shifts;  // agent -> day -> shift
  for (const json::value& sh : sched.at("shifts").as_array())
    shifts[std::string(sh.at("agent").as_string())][sh.at("day").to_number<int64_t>()] = sh;
  auto red = [](int i) { return std::string(i < 10 ? "agent0" : "agent") + std::to_string(i); };
  std::string offerer, taker, date, give;
  int64_t swap = 0, d = 0;
  json::value offered;
  for (int i = 2; i <= 10 && taker.empty(); ++i)
    for (int64_t dd = 2; dd <= 6 && taker.empty(); ++dd) {
      auto it = shifts[red(i)].find(dd);
      if (it == shifts[red(i)].end()) continue;
      const std::string who = agent_login(red(i));
      HttpResult o = as(who, "POST", "/api/v1/wfm/swaps", R"({"date":")" + day(today_, static_cast<int>(dd)) + R"(","note":"exam"})");
      ASSERT_EQ(o.status, 201) << o.body;
      const json::value w = o.json();
      EXPECT_EQ(w.at("status"), "open");
      EXPECT_EQ(w.at("start_min"), it->second.at("start_min"));
      EXPECT_EQ(w.at("length_min"), it->second.at("length_min"));
      EXPECT_EQ(w.at("queue"), it->second.at("group"));
      for (int j = 1; j <= 10 && taker.empty(); ++j) {
        if (j == i) continue;
        const json::value board = as(agent_login(red(j)), "GET", "/api/v1/wfm/swaps?status=open").json();
        for (const json::value& x : board.at("swaps").as_array())
          if (x.at("id") == w.at("id")) {
            ASSERT_TRUE(x.at("can_take").is_bool()) << x;
            // Someone with a shift that day cannot take a second one: the board says why.
            if (shifts[red(j)].count(dd)) {
              EXPECT_FALSE(x.at("can_take").as_bool()) << x;
              EXPECT_FALSE(x.at("problems").as_array().empty());
            }
            const json::array& trades = x.at("trades").as_array();
            if (x.at("can_take").as_bool() || !trades.empty()) {
              offerer = red(i), taker = red(j), date = day(today_, static_cast<int>(dd));
              if (!x.at("can_take").as_bool()) give = std::string(trades[0].as_string());
              swap = w.at("id").to_number<int64_t>(), d = dd, offered = it->second;
            }
          }
      }
      if (taker.empty()) {
        ASSERT_EQ(as(who, "POST", "/api/v1/wfm/swaps/" + std::to_string(w.at("id").to_number<int64_t>()) + "/cancel").status,
                  200);
      }
    }
  ASSERT_FALSE(taker.empty()) << "no red agent may take another's shift";
  const std::string off_tok = agent_login(offerer), take_tok = agent_login(taker), lead = login(port_, "lead.red"),
                    other_lead = login(port_, "lead.blue");
  const std::string path = "/api/v1/wfm/swaps/" + std::to_string(swap);
  // Bad offers: again the same day, today, a day without a shift, a malformed date.
  HttpResult twice = as(off_tok, "POST", "/api/v1/wfm/swaps", R"({"date":")" + date + R"("})");
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(twice.json().at("error").at("field"), "date");
  EXPECT_EQ(as(off_tok, "POST", "/api/v1/wfm/swaps", R"({"date":")" + today_ + R"("})").json().at("error").at("field"), "date");
  EXPECT_EQ(as(off_tok, "POST", "/api/v1/wfm/swaps", R"({"date":"soon"})").status, 400);
  EXPECT_EQ(as(off_tok, "POST", "/api/v1/wfm/swaps", R"({"date":")" + day(today_, 40) + R"("})").status, 404);
  EXPECT_EQ(as(off_tok, "POST", path + "/take").status, 409);  // one's own offer

  // The offerer listens for its notifications live.
  WsClient ws(port_, "/api/v1/notifications/socket?access_token=" + off_tok);
  ASSERT_TRUE(ws.ok()) << ws.handshake_status();
  auto first = ws.read();
  ASSERT_TRUE(first);
  EXPECT_EQ(json::parse(*first).at("type"), "notifications") << *first;

  // A trade the board did not offer breaks a rule: 409 with the violations, nothing changed.
  if (!give.empty()) {
    HttpResult gift = as(take_tok, "POST", path + "/take");
    EXPECT_EQ(gift.status, 409) << gift.body;
    EXPECT_FALSE(gift.json().at("violations").as_array().empty());
  }
  HttpResult t = as(take_tok, "POST", path + "/take", give.empty() ? "" : R"({"give_date":")" + give + R"("})");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.json().at("status"), "pending");  // the default settings ask the lead
  EXPECT_EQ(t.json().at("taken_by").as_string(), taker);
  EXPECT_EQ(as(agent_login("agent11"), "POST", path + "/take").status, 409);  // no longer open
  auto frame = ws.read();
  ASSERT_TRUE(frame) << "no live notification";
  json::value f = json::parse(*frame);
  EXPECT_EQ(f.at("type"), "notification");
  EXPECT_EQ(f.at("notification").at("kind"), "wfm.swap_taken");
  EXPECT_EQ(f.at("notification").at("data").at("taken_by").as_string(), taker);
  EXPECT_EQ(f.at("notification").at("data").at("swap"), swap);
  EXPECT_EQ(f.at("notification").at("link"), "/schedule?tab=swaps");
  EXPECT_GE(f.at("unread").to_number<int64_t>(), 1);
  // The lead of the offerer's team is told; the other team's lead is not, and may not decide.
  ASSERT_EQ(notes_of(port_, lead, "wfm.swap_taken").size(), 1u);
  EXPECT_EQ(notes_of(port_, lead, "wfm.swap_taken")[0].at("link"), "/wfm?tab=swaps");
  EXPECT_TRUE(notes_of(port_, other_lead, "wfm.swap_taken").empty());
  EXPECT_EQ(as(other_lead, "POST", path + "/approve").status, 403);
  EXPECT_EQ(as(take_tok, "POST", path + "/approve").status, 403);
  EXPECT_EQ(as(other_lead, "GET", "/api/v1/wfm/swaps").json().at("swaps").as_array().size(), 0u);

  HttpResult a = as(lead, "POST", path + "/approve", R"({"reason":"fine"})");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json().at("status"), "approved");
  EXPECT_EQ(a.json().at("decided_by"), "lead.red");
  const int64_t published = a.json().at("published_schedule").to_number<int64_t>();
  EXPECT_NE(published, sched_id);
  EXPECT_EQ(as(lead, "POST", path + "/decline").status, 409);
  frame = ws.read();
  ASSERT_TRUE(frame);
  EXPECT_EQ(json::parse(*frame).at("notification").at("kind"), "wfm.swap_decided");
  ASSERT_EQ(notes_of(port_, take_tok, "wfm.swap_decided").size(), 1u);
  EXPECT_EQ(notes_of(port_, take_tok, "wfm.swap_decided")[0].at("data").at("status"), "approved");
  EXPECT_TRUE(notes_of(port_, lead, "wfm.swap_decided").empty()) << "the lead decided: not told of its own act";

  // The new version is published and in force: the shift is the taker's now, the rest unchanged.
  json::value v = as(planner_, "GET", "/api/v1/wfm/schedules/" + std::to_string(published)).json();
  EXPECT_EQ(v.at("status"), "published");
  EXPECT_TRUE(v.at("violations").as_array().empty()) << v.at("violations");
  EXPECT_EQ(v.at("shifts").as_array().size(), sched.at("shifts").as_array().size());
  int found = 0, offerer_that_day = 0;
  for (const json::value& sh : v.at("shifts").as_array())
    if (sh.at("day").to_number<int64_t>() == d) {
      if (sh.at("agent").as_string() == taker && sh.at("start_min") == offered.at("start_min") &&
          sh.at("length_min") == offered.at("length_min"))
        ++found;
      if (sh.at("agent").as_string() == offerer) ++offerer_that_day;
    }
  EXPECT_EQ(found, 1);
  // The offerer has no shift that day any more, unless it was a same-day trade (then the taker's).
  EXPECT_EQ(offerer_that_day, give == date ? 1 : 0);
  if (!give.empty()) {  // and the taker's shift of that day is the offerer's
    const int64_t gd = [&] {
      for (int64_t k = 0; k < 7; ++k)
        if (day(today_, static_cast<int>(k)) == give) return k;
      return int64_t{-1};
    }();
    const json::value& given = shifts[taker][gd];
    int moved = 0;
    for (const json::value& sh : v.at("shifts").as_array())
      if (sh.at("day").to_number<int64_t>() == gd && sh.at("start_min") == given.at("start_min") &&
          sh.at("agent").as_string() == offerer)
        ++moved;
    EXPECT_EQ(moved, 1) << "the given shift went to the offerer";
    EXPECT_EQ(a.json().at("given_date").as_string(), give);
  }
  bool mine = false;
  const json::value my = as(take_tok, "GET", "/api/v1/wfm/my/schedule").json();
  for (const json::value& sh : my.at("shifts").as_array())
    mine = mine || sh.at("day").to_number<int64_t>() == d;
  EXPECT_TRUE(mine) << "the taker's own schedule shows the shift";

  // Without lead approval a take applies at once.
  HttpResult set = as(planner_, "PUT", "/api/v1/wfm/settings", R"({"swap_approval":false})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("adherence_alert_min"), 10);
  EXPECT_EQ(as(planner_, "PUT", "/api/v1/wfm/settings", R"({"adherence_alert_min":1000})").json().at("error").at("field"),
            "adherence_alert_min");
  EXPECT_EQ(as(lead, "PUT", "/api/v1/wfm/settings", R"({"swap_approval":true})").status, 403);
  HttpResult back = as(take_tok, "POST", "/api/v1/wfm/swaps", R"({"date":")" + date + R"(","note":"after all"})");
  ASSERT_EQ(back.status, 201) << back.body;
  const std::string back_path = "/api/v1/wfm/swaps/" + std::to_string(back.json().at("id").to_number<int64_t>());
  std::string back_give;
  const json::value back_board = as(off_tok, "GET", "/api/v1/wfm/swaps?status=open").json();
  const json::value back_id = back.json().at("id");
  for (const json::value& x : back_board.at("swaps").as_array())
    if (x.at("id") == back_id && !x.at("can_take").as_bool()) {
      ASSERT_FALSE(x.at("trades").as_array().empty()) << x;  // undoing the first swap keeps the rules
      back_give = std::string(x.at("trades").as_array()[0].as_string());
    }
  HttpResult t2 = as(off_tok, "POST", back_path + "/take", back_give.empty() ? "" : R"({"give_date":")" + back_give + R"("})");
  ASSERT_EQ(t2.status, 200) << t2.body;
  EXPECT_EQ(t2.json().at("status"), "approved");
  EXPECT_TRUE(t2.json().at("published_schedule").is_int64());
  ASSERT_EQ(as(planner_, "PUT", "/api/v1/wfm/settings", R"({"swap_approval":true})").status, 200);

  // Reading: one, then all; the socket hears the count.
  std::vector<json::value> mine_notes = notes_of(port_, off_tok, "wfm.swap_decided");
  ASSERT_FALSE(mine_notes.empty());
  HttpResult r1 = as(off_tok, "POST", "/api/v1/notifications/read",
                     R"({"ids":[)" + std::to_string(mine_notes[0].at("id").to_number<int64_t>()) + "]}");
  ASSERT_EQ(r1.status, 200) << r1.body;
  bool unread_frame = false;
  for (int k = 0; k < 5 && !unread_frame; ++k)
    if (auto x = ws.read(2000)) unread_frame = json::parse(*x).at("type") == "unread";
  EXPECT_TRUE(unread_frame);
  EXPECT_EQ(as(off_tok, "POST", "/api/v1/notifications/read", R"({"all":true})").json().at("unread"), 0);
  EXPECT_EQ(as(off_tok, "GET", "/api/v1/notifications?unread=1").json().at("items").as_array().size(), 0u);
  EXPECT_EQ(as(off_tok, "POST", "/api/v1/notifications/read", R"({"ids":"all"})").json().at("error").at("field"), "ids");
  EXPECT_EQ(as(off_tok, "GET", "/api/v1/notifications?limit=0").json().at("error").at("field"), "limit");
}

TEST_F(WfmTest, PlannersSetRulesAndSpecialDaysThatSchedulesAndForecastsFollow) {
  HttpResult got = as(planner_, "GET", "/api/v1/wfm/rules");
  ASSERT_EQ(got.status, 200) << got.body;
  json::value defaults = got.json();
  EXPECT_EQ(defaults.at("defaults"), true);
  EXPECT_EQ(defaults.at("templates").as_array()[0].at("id"), "day");
  EXPECT_EQ(as(login(port_, "lead.red"), "GET", "/api/v1/wfm/rules").status, 403);

  // One template: starts 06:00-08:00, 8 h, Monday to Friday, the default breaks.
  json::object rules = defaults.as_object();
  rules.erase("defaults");
  json::object& t = rules["templates"].as_array()[0].as_object();
  t["id"] = "early";
  t["earliest_start_min"] = 360;
  t["latest_start_min"] = 480;
  t["lengths_min"] = json::array{480};
  t["weekdays"] = json::array{0, 1, 2, 3, 4};
  // Bad rules are named by their path; nothing is stored.
  for (const auto& [change, field] : std::vector<std::pair<std::function<void(json::object&)>, std::string>>{
           {[](json::object& r) { r["work"].as_object()["min_days_off_per_week"] = 8; }, "work.min_days_off_per_week"},
           {[](json::object& r) { r["templates"].as_array()[0].as_object()["colour"] = "red"; }, "templates[0].colour"},
           {[](json::object& r) { r["contract"].as_object()["max_weekly_min"] = 600; }, "contract.max_weekly_min"},
           {[](json::object& r) { r["templates"].as_array()[0].as_object()["weekdays"] = json::array{7}; },
            "templates[0].weekdays[0]"},
           {[](json::object& r) { r["templates"] = json::array{}; }, "templates"}}) {
    json::object bad = rules;
    change(bad);
    HttpResult b = as(planner_, "PUT", "/api/v1/wfm/rules", json::serialize(bad));
    EXPECT_EQ(b.status, 400) << b.body;
    EXPECT_EQ(b.json().at("error").at("field").as_string(), field) << b.body;
  }
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/rules").json().at("defaults"), true);
  HttpResult put = as(planner_, "PUT", "/api/v1/wfm/rules", json::serialize(rules));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("defaults"), false);
  // agent05: Monday to Wednesday 06:00-15:00 only, at most 24 h a week.
  json::array week{json::object{{"from_min", 360}, {"to_min", 900}}, json::object{{"from_min", 360}, {"to_min", 900}},
                   json::object{{"from_min", 360}, {"to_min", 900}}, nullptr, nullptr, nullptr, nullptr};
  json::object own{{"contract", json::object{{"min_weekly_min", 0}, {"max_weekly_min", 1440}, {"leave_credit_min", 480}}},
                   {"availability", week},
                   {"preferences", json::object{{"start_from_min", 360}, {"start_to_min", 420}, {"days_off", json::array{2}}}},
                   {"templates", json::array{"early"}}};
  HttpResult a = as(planner_, "PUT", "/api/v1/wfm/agent-rules/agent05", json::serialize(own));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json().at("availability").as_array()[3], nullptr);
  EXPECT_EQ(field_of(as(planner_, "PUT", "/api/v1/wfm/agent-rules/agent99", json::serialize(own))), "agent");
  json::object unknown = own;
  unknown["templates"] = json::array{"late"};
  EXPECT_EQ(field_of(as(planner_, "PUT", "/api/v1/wfm/agent-rules/agent06", json::serialize(unknown))),
            "templates[0]");
  EXPECT_EQ(as(planner_, "GET", "/api/v1/wfm/agent-rules").json().at("agents").as_array().size(), 1u);

  HttpResult g = as(planner_, "POST", "/api/v1/wfm/schedules", R"({"start":")" + today_ + R"(","weeks":1})");
  ASSERT_EQ(g.status, 201) << g.body.substr(0, 300);
  const json::value sched = g.json();
  EXPECT_TRUE(sched.at("violations").as_array().empty()) << sched.at("violations");
  // Day d's weekday, Monday = 0.
  auto weekday = [&](int64_t d) {
    int y = 0;
    unsigned m = 0, dd = 0;
    std::sscanf(day(today_, static_cast<int>(d)).c_str(), "%d-%u-%u", &y, &m, &dd);
    const std::chrono::weekday w{std::chrono::sys_days(std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{dd}})};
    return static_cast<int>((w.c_encoding() + 6) % 7);
  };
  int64_t agent05_min = 0;
  size_t shifts = 0;
  for (const json::value& sh : sched.at("shifts").as_array()) {
    ++shifts;
    const int64_t start = sh.at("start_min").to_number<int64_t>(), d = sh.at("day").to_number<int64_t>();
    EXPECT_EQ(sh.at("template"), "early") << sh;
    EXPECT_GE(start, 360);
    EXPECT_LE(start, 480);
    EXPECT_EQ(sh.at("length_min"), 480);
    EXPECT_LT(weekday(d), 5) << "a shift on a weekend: " << sh;
    if (sh.at("agent") == "agent05") {
      EXPECT_LT(weekday(d), 3) << sh;
      EXPECT_LE(start + 480, 900) << sh;
      agent05_min += 480;
    }
  }
  EXPECT_GT(shifts, 0u);
  EXPECT_LE(agent05_min, 1440);
  ASSERT_EQ(as(planner_, "DELETE", "/api/v1/wfm/agent-rules/agent05").status, 204);
  EXPECT_EQ(as(planner_, "DELETE", "/api/v1/wfm/agent-rules/agent05").status, 404);

  // A special day: closed (factor 0) two days from now, for billing only.
  const std::string closed = day(today_, 2);
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"days":[{"date":")" + closed + R"(","factor":-1}]})", "days[0].factor"},
           {R"({"days":[{"date":"soon"}]})", "days[0].date"},
           {R"({"days":[{"date":")" + closed + R"(","queue":"nope"}]})", "days[0].queue"},
           {R"({"days":[{"date":")" + closed + R"("},{"date":")" + closed + R"("}]})", "days[1].date"}}) {
    HttpResult b = as(planner_, "PUT", "/api/v1/wfm/special-days", body);
    EXPECT_TRUE(b.status == 400 || b.status == 404) << body << " -> " << b.body;
    EXPECT_EQ(b.json().at("error").at("field").as_string(), field) << b.body;
  }
  HttpResult sd = as(planner_, "PUT", "/api/v1/wfm/special-days",
                     R"({"days":[{"date":")" + closed + R"(","factor":0,"name":"Stocktaking","queue":"billing"}]})");
  ASSERT_EQ(sd.status, 200) << sd.body;
  const json::value f = as(planner_, "GET", "/api/v1/wfm/forecast?queue=billing&start=" + today_ + "&days=7").json();
  ASSERT_EQ(f.at("special_days").as_array().size(), 1u);
  EXPECT_EQ(f.at("special_days").as_array()[0].at("name"), "Stocktaking");
  const json::array& contacts = f.at("forecast").at("contacts").as_array();
  double closed_sum = 0, other_sum = 0;
  for (size_t k = 0; k < contacts.size(); ++k) (k / 96 == 2 ? closed_sum : other_sum) += contacts[k].to_number<double>();
  EXPECT_EQ(closed_sum, 0);
  EXPECT_GT(other_sum, 0);
  // Another queue's forecast is untouched.
  EXPECT_TRUE(as(planner_, "GET", "/api/v1/wfm/forecast?queue=tech&start=" + today_ + "&days=7").json().at("special_days").as_array().empty());
  ASSERT_EQ(as(planner_, "PUT", "/api/v1/wfm/special-days", R"({"days":[]})").status, 200);

  // The adherence report's team totals are the sums of their agents' rows.
  const json::value rep = as(planner_, "GET", "/api/v1/wfm/adherence/report?from=" + today_).json();
  std::map<std::string, std::pair<int64_t, int64_t>> sums;  // team -> (agents, scheduled_min)
  for (const json::value& r : rep.at("days").as_array()) {
    auto& x = sums[r.at("team").is_null() ? "" : std::string(r.at("team").as_string())];
    ++x.first;
    x.second += r.at("scheduled_min").to_number<int64_t>();
  }
  ASSERT_FALSE(rep.at("teams").as_array().empty());
  for (const json::value& t : rep.at("teams").as_array()) {
    const auto& x = sums[t.at("team").is_null() ? "" : std::string(t.at("team").as_string())];
    EXPECT_EQ(t.at("agents").to_number<int64_t>(), x.first) << t;
    EXPECT_EQ(t.at("scheduled_min").to_number<int64_t>(), x.second) << t;
  }
  HttpResult csv = as(planner_, "GET", "/api/v1/wfm/adherence/report?from=" + today_ + "&by=team&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')), "date,team,agents,scheduled_min,working_min,in_adherence_min,out_off_min,on_phone_min,adherence,conformance");
  EXPECT_EQ(field_of(as(planner_, "GET", "/api/v1/wfm/adherence/report?from=" + today_ + "&by=site")), "by");

  // Back to the defaults for whatever runs next.
  json::object back = defaults.as_object();
  back.erase("defaults");
  ASSERT_EQ(as(planner_, "PUT", "/api/v1/wfm/rules", json::serialize(back)).status, 200);
}

// Runs a shell command; its exit code and what it wrote (stdout and stderr).
std::pair<int, std::string> capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return {-1, ""};
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(WfmImport, ACsvHistoryReachesTheForecastAndBadRowsAreNamedByLine) {
  TempDir dir;
  const std::string csv = dir.path() + "/history.csv", store = "sqlite:" + dir.path() + "/import.db";
  // Three weeks of billing before today (UTC, the demo center's zone): 10
  // contacts per 15 minutes from 08:00 to 18:00, AHT 200 s; then bad rows.
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  {
    std::ofstream f(csv);
    f << "queue,start,contacts,aht_s\n";
    for (int d = 21; d >= 1; --d) {
      const std::chrono::year_month_day day{today - std::chrono::days{d}};
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(day.year()),
                    static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
      for (int m = 8 * 60; m < 18 * 60; m += 15)
        f << "billing," << date << "T" << (m / 60 < 10 ? "0" : "") << m / 60 << ":" << (m % 60 < 10 ? "0" : "")
          << m % 60 << ",10,200\n";
    }
    f << "billing,2026-11-02T08:07,3,100\n"     // line 842: not on a 15-minute boundary
      << "billing,yesterday,1,1\n"              // 843
      << "billing,2026-11-02T08:00,-4,100\n";  // 844
  }
  auto [rc, out] = capture(std::string(SWITCHYARD_BIN) + " wfm import " + csv + " --store " + store);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("history.csv:842: start:"), std::string::npos) << out;
  EXPECT_NE(out.find("history.csv:843: start:"), std::string::npos) << out;
  EXPECT_NE(out.find("history.csv:844: contacts:"), std::string::npos) << out;
  EXPECT_NE(out.find("imported 840 rows"), std::string::npos) << out;
  EXPECT_NE(out.find("3 bad row(s) left out"), std::string::npos) << out;
  // Bad input: exit 2 with a message naming what is wrong.
  auto missing = capture(std::string(SWITCHYARD_BIN) + " wfm import " + dir.path() + "/nope.csv --store " + store);
  EXPECT_EQ(missing.first, 2);
  EXPECT_NE(missing.second.find("nope.csv: cannot read the file"), std::string::npos) << missing.second;
  std::ofstream(dir.path() + "/bad.csv") << "queue;start\n";
  auto header = capture(std::string(SWITCHYARD_BIN) + " wfm import " + dir.path() + "/bad.csv --store " + store);
  EXPECT_EQ(header.first, 2) << header.second;
  EXPECT_NE(header.second.find("header"), std::string::npos) << header.second;

  // The server on that store forecasts from the imported weeks.
  auto server = ServerProcess::start(store);
  ASSERT_NE(server, nullptr);
  const std::string planner = login(server->port(), "wfm");
  HttpResult r = http(server->port(), "GET", "/api/v1/wfm/forecast?queue=billing&days=1&method=seasonal_naive", "",
                      bearer(planner));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value f = r.json();
  const json::array& history = f.at("history").at("contacts").as_array();
  EXPECT_EQ(history[history.size() - 96 + 32].to_number<double>(), 10.0);  // yesterday 08:00
  EXPECT_EQ(history[history.size() - 96 + 31].to_number<double>(), 0.0);   // yesterday 07:45
  const json::array& day = f.at("forecast").at("contacts").as_array();
  EXPECT_EQ(day[32].to_number<double>(), 10.0);
  EXPECT_EQ(day[71].to_number<double>(), 10.0);  // 17:45
  EXPECT_EQ(day[72].to_number<double>(), 0.0);   // 18:00
  EXPECT_EQ(f.at("forecast").at("aht_s").as_array()[40].to_number<double>(), 200.0);
}

}  // namespace
}  // namespace switchyard::testing
