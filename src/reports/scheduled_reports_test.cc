// Scheduled reports on SQLite and PostgreSQL: migration 3, one report per
// day (kept or replaced, also when two connections race), listing,
// downloads, pruning; and the daily report read from hand-written rollups.
#include "reports/scheduled_reports.h"

#include <gtest/gtest.h>

#include <thread>

#include "eventlog/schema.h"
#include "reports/rollup_sql.h"
#include "reports/rollups.h"
#include "storage/db_test_util.h"
#include "storage/sql_util.h"

namespace switchyard::reports {
namespace {

using metrics::Calendar;
using metrics::Dim;
using metrics::Grain;
using metrics::KpiCounters;
using storage::testing::Backends;
using storage::testing::BackendNames;

constexpr int64_t kHour = 3'600'000;

template <typename B>
class ScheduledReportsTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override {
    return {&eventlog::schema(), &reports::schema()};
  }
  // One rollup row, as the projection would have written it.
  void rollup(Dim d, Grain g, uint32_t id, int64_t start_ms, const KpiCounters& c) {
    std::vector<storage::SqlValue> params = {int64_t{static_cast<int>(g)}, int64_t{static_cast<int>(d)},
                                             int64_t{id}, start_ms};
    storage::Transaction tx;
    if (sql::is_coarse(g)) {
      params.push_back(tx.keep(sql::format_counters(c)));
      sql::put_coarse().add(tx, params);
    } else {
#define SY_PARAM(f) params.push_back(static_cast<int64_t>(c.f));
      SY_ROLLUP_COUNTERS(SY_PARAM)
#undef SY_PARAM
      sql::upsert_rollups().add(tx, params);
    }
    ASSERT_TRUE(tx.run(this->db()));
  }
  static StoredReport meta(const std::string& day, int64_t start_ms, int64_t created_ms) {
    StoredReport m;
    m.day = day;
    m.time_zone = "Europe/Berlin";
    m.start_ms = start_ms;
    m.end_ms = start_ms + 24 * kHour;
    m.created_ms = created_ms;
    return m;
  }
};
TYPED_TEST_SUITE(ScheduledReportsTest, Backends, BackendNames);

TYPED_TEST(ScheduledReportsTest, OneReportPerDayKeptOrReplaced) {
  ScheduledReportRepository repo(this->db());
  const ReportFiles v1{"a,b\r\n", "<html>en</html>", "<html>中文</html>"};
  auto first = repo.save(this->meta("2026-03-09", 1000, 5000), v1, false);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->created);
  EXPECT_GT(first->report.id, 0);
  EXPECT_EQ(first->report.csv_bytes, 5);
  EXPECT_EQ(first->report.html_zh_bytes, static_cast<int64_t>(std::string("<html>中文</html>").size()));
  // The scheduler again (a restart, a second trigger): kept as it was.
  auto again = repo.save(this->meta("2026-03-09", 1000, 9000), ReportFiles{"x", "y", "z"}, false);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->report.id, first->report.id);
  EXPECT_EQ(again->report.created_ms, 5000);
  EXPECT_EQ(*repo.content(first->report.id, ReportFormat::kCsv, Lang::kEn).value(), "a,b\r\n");
  // Regenerated on demand: same id, new files and time.
  auto re = repo.save(this->meta("2026-03-09", 1000, 9000), ReportFiles{"c\r\n", "<p>en2</p>", "<p>zh2</p>"}, true);
  ASSERT_TRUE(re);
  EXPECT_FALSE(re->created);
  EXPECT_EQ(re->report.id, first->report.id);
  EXPECT_EQ(re->report.created_ms, 9000);
  EXPECT_EQ(*repo.content(re->report.id, ReportFormat::kHtml, Lang::kEn).value(), "<p>en2</p>");
  EXPECT_EQ(*repo.content(re->report.id, ReportFormat::kHtml, Lang::kZh).value(), "<p>zh2</p>");
  EXPECT_EQ(this->count("scheduled_reports"), 1);
  // Another day; the list is newest first; unknown ids are none.
  ASSERT_TRUE(repo.save(this->meta("2026-03-10", 1000 + 24 * kHour, 9500), v1, false));
  ASSERT_TRUE(repo.save(this->meta("2026-03-08", 1000 - 24 * kHour, 9600), v1, false));
  auto list = repo.list(10);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].day, "2026-03-10");
  EXPECT_EQ((*list)[2].day, "2026-03-08");
  EXPECT_EQ(repo.list(2)->size(), 2u);
  EXPECT_FALSE(repo.find(999'999).value());
  EXPECT_FALSE(repo.content(999'999, ReportFormat::kCsv, Lang::kEn).value());
  EXPECT_EQ(repo.find(first->report.id).value()->day, "2026-03-09");
  EXPECT_EQ(repo.days_from("daily", 1000).value(), (std::vector<std::string>{"2026-03-09", "2026-03-10"}));
  // Pruning removes the days before a start.
  EXPECT_EQ(*repo.prune(1000), 1u);
  EXPECT_EQ(repo.list(10)->size(), 2u);
  // Text the databases cannot store is refused alike (a NUL byte).
  auto bad = repo.save(this->meta("2026-03-11", 1000 + 48 * kHour, 1), ReportFiles{std::string("a\0b", 3), "", ""},
                       false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TYPED_TEST(ScheduledReportsTest, TwoConnectionsRacingForOneDayStoreOneReport) {
  auto other = this->open_another();
  ASSERT_TRUE(other);
  for (int round = 0; round < 5; ++round) {
    const std::string day = "2026-04-0" + std::to_string(round + 1);
    Result<ScheduledReportRepository::Saved> a, b;
    std::thread t([&] { b = ScheduledReportRepository(*other).save(this->meta(day, round, 2), {"b", "b", "b"}, false); });
    a = ScheduledReportRepository(this->db()).save(this->meta(day, round, 1), {"a", "a", "a"}, false);
    t.join();
    ASSERT_TRUE(a) << a.error().message;
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_NE(a->created, b->created) << day;
    EXPECT_EQ(a->report.id, b->report.id);
  }
  EXPECT_EQ(this->count("scheduled_reports"), 5);
}

TYPED_TEST(ScheduledReportsTest, TheDailyReportReadsTheDaysRollups) {
  const Calendar cal = *Calendar::make("Europe/Berlin");
  const int64_t day = cal.from_local(2026, 3, 29);  // 23 hours: 02:00 is skipped
  ScheduledReportRepository repo(this->db());
  EXPECT_EQ(*repo.first_rollup_day_ms(), INT64_MAX);
  KpiCounters q0, q1, agent;
  q0.offered = 6;
  q0.answered = q0.answered_in_sl = q0.handled = 5;
  q0.abandoned = 1;
  q1.offered = 2;
  q1.answered = 2;
  agent.answered = agent.handled = 7;
  KpiCounters center = q0;
  metrics::merge(center, q1);
  this->rollup(Dim::kCenter, Grain::kDay, 0, day, center);
  // 9 hours after midnight is 10:00 local (CEST): 02:00 .. 03:00 never was.
  this->rollup(Dim::kCenter, Grain::kHour, 0, day + 9 * kHour, q0);
  this->rollup(Dim::kCenter, Grain::kHour, 0, day + 10 * kHour, q1);
  this->rollup(Dim::kQueue, Grain::kDay, 0, day, q0);
  this->rollup(Dim::kQueue, Grain::kDay, 2, day, q1);
  this->rollup(Dim::kQueue, Grain::kHour, 0, day + 9 * kHour, q0);
  this->rollup(Dim::kQueue, Grain::kHour, 2, day + 10 * kHour, q1);
  this->rollup(Dim::kChannel, Grain::kDay, 0, day, center);
  this->rollup(Dim::kAgent, Grain::kDay, 4, day, agent);
  this->rollup(Dim::kTeam, Grain::kDay, 1, day, agent);
  // Neighbouring days stay out.
  this->rollup(Dim::kCenter, Grain::kDay, 0, cal.next(Grain::kDay, day), center);
  this->rollup(Dim::kQueue, Grain::kHour, 0, day - kHour, q0);
  this->rollup(Dim::kCenter, Grain::kDay, 0, cal.from_local(2026, 3, 1), center);
  EXPECT_EQ(*repo.first_rollup_day_ms(), cal.from_local(2026, 3, 1));

  ReportDirectory dir;
  dir.queues = {"billing", "tech", "sales"};
  dir.teams = {"red", "blue"};
  dir.agents = {"a1", "a2", "a3", "a4", "a5"};
  dir.goals = {{20'000, 80}, {20'000, 80}, {30'000, 90}};
  auto r = load_daily_report(this->db(), cal, day, dir, day + 30 * kHour);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->day, "2026-03-29");
  EXPECT_EQ(r->time_zone, "Europe/Berlin");
  EXPECT_EQ(r->end_ms - r->start_ms, 23 * kHour);
  EXPECT_EQ(r->center.offered, 8u);
  ASSERT_EQ(r->hours.size(), 23u);
  EXPECT_EQ(cal.format(r->hours[9].start_ms), "2026-03-29T10:00:00+02:00");
  EXPECT_EQ(r->hours[9].counters.offered, 6u);
  EXPECT_EQ(r->hours[10].counters.offered, 2u);
  EXPECT_EQ(r->hours[0].counters.offered, 0u);
  ASSERT_EQ(r->queues.size(), 2u);
  EXPECT_EQ(r->queues[0].name, "billing");
  EXPECT_EQ(r->queues[1].name, "sales");
  EXPECT_EQ(r->queue_goals[1].sl_target_pct, 90);
  ASSERT_EQ(r->queue_hours.size(), 2u);
  EXPECT_EQ(r->queue_hours[0].hours[9].counters.offered, 6u);
  EXPECT_EQ(r->queue_hours[1].hours[10].counters.offered, 2u);
  EXPECT_DOUBLE_EQ(r->sl_goal_pct, (80.0 * 6 + 90.0 * 2) / 8);
  ASSERT_EQ(r->channels.size(), 1u);
  EXPECT_EQ(r->channels[0].name, "voice");
  ASSERT_EQ(r->agents.size(), 1u);
  EXPECT_EQ(r->agents[0].name, "a5");
  ASSERT_EQ(r->teams.size(), 1u);
  EXPECT_EQ(r->teams[0].name, "blue");
  // Rendered and stored in one step, both languages.
  auto saved = store_daily_report(this->db(), cal, day, dir, day + 30 * kHour, false);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_TRUE(saved->created);
  EXPECT_EQ(saved->report.day, "2026-03-29");
  EXPECT_EQ(saved->report.end_ms - saved->report.start_ms, 23 * kHour);
  const int64_t id = saved->report.id;
  EXPECT_NE(repo.content(id, ReportFormat::kCsv, Lang::kEn).value()->find("\r\nqueue,2,sales,"), std::string::npos);
  EXPECT_NE(repo.content(id, ReportFormat::kHtml, Lang::kEn).value()->find("<th scope=\"row\">sales</th>"),
            std::string::npos);
  EXPECT_NE(repo.content(id, ReportFormat::kHtml, Lang::kZh).value()->find("lang=\"zh-CN\""), std::string::npos);
}

}  // namespace
}  // namespace switchyard::reports
