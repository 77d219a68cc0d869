// The daily schedule (schedule.h) on a manual clock: one run per local day,
// also on the days clocks go forward (the configured time does not exist)
// or back (it exists twice), and the catch-up after downtime.
#include "reports/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/clock.h"

namespace switchyard::reports {
namespace {

using metrics::Calendar;
using metrics::Grain;

constexpr int64_t kHour = 3'600'000;

DailySchedule at(const char* hh_mm, int keep_days = 90) {
  auto ms = parse_time_of_day(hh_mm, "reports.daily_at");
  EXPECT_TRUE(ms) << hh_mm;
  return DailySchedule{ms.value_or(0), keep_days};
}

// Follows the scheduler as the server does: wake at the next run, note the
// local date, ask for the next run. The clock starts just before `first`.
std::map<std::string, std::vector<int64_t>> runs(const Calendar& cal, const DailySchedule& s, int64_t first,
                                                 int64_t until) {
  ManualClock clock(first - 1);
  std::map<std::string, std::vector<int64_t>> by_date;
  for (int i = 0; i < 100; ++i) {
    const int64_t next = next_run_ms(cal, s, clock.now_ms());
    EXPECT_GT(next, clock.now_ms());
    if (next >= until) break;
    clock.set_ms(next);
    by_date[cal.format_date(next)].push_back(next);
  }
  return by_date;
}

TEST(Schedule, TimeOfDayIsHoursAndMinutes) {
  EXPECT_EQ(*parse_time_of_day("06:30", "f"), 6 * kHour + 30 * 60'000);
  EXPECT_EQ(*parse_time_of_day("00:00", "f"), 0);
  EXPECT_EQ(*parse_time_of_day("23:59", "f"), 23 * kHour + 59 * 60'000);
  for (const char* bad : {"6:30", "24:00", "06:60", "ab:cd", "", "06:30:00", "06-30", "-1:30"}) {
    auto r = parse_time_of_day(bad, "reports.daily_at");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "reports.daily_at");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(format_time_of_day(6 * kHour + 5 * 60'000), "06:05");
}

TEST(Schedule, NewYorkSpringForwardStillRunsOnceAtTheTransition) {
  auto ny = *Calendar::make("America/New_York");
  const DailySchedule s = at("02:30");  // 2026-03-08 02:30 does not exist
  const int64_t mar8 = ny.from_local(2026, 3, 8);
  // Yesterday's report is due at the transition, 03:00 EDT (07:00 UTC).
  const int64_t due = due_ms(ny, s, ny.from_local(2026, 3, 7));
  EXPECT_EQ(due, mar8 + 2 * kHour);
  EXPECT_EQ(ny.format(due), "2026-03-08T03:00:00-04:00");
  auto by_date = runs(ny, s, ny.from_local(2026, 3, 5), ny.from_local(2026, 3, 11));
  ASSERT_EQ(by_date.size(), 6u);  // 5th .. 10th
  for (const auto& [date, times] : by_date) EXPECT_EQ(times.size(), 1u) << date;
  EXPECT_EQ(by_date["2026-03-07"][0], ny.from_local(2026, 3, 7, 2 * kHour + 30 * 60'000));
  EXPECT_EQ(by_date["2026-03-08"][0], due);
  EXPECT_EQ(ny.format(by_date["2026-03-09"][0]), "2026-03-09T02:30:00-04:00");
}

TEST(Schedule, NewYorkFallBackRunsOnTheFirstOfTheRepeatedTimes) {
  auto ny = *Calendar::make("America/New_York");
  const DailySchedule s = at("01:30");  // 2026-11-01 01:30 happens twice
  const int64_t first = due_ms(ny, s, ny.from_local(2026, 10, 31));
  EXPECT_EQ(ny.format(first), "2026-11-01T01:30:00-04:00");
  // At the first 01:30 the next run is tomorrow's, not the second 01:30.
  EXPECT_EQ(ny.format(next_run_ms(ny, s, first)), "2026-11-02T01:30:00-05:00");
  EXPECT_EQ(next_run_ms(ny, s, first + kHour), next_run_ms(ny, s, first));  // the second 01:30
  auto by_date = runs(ny, s, ny.from_local(2026, 10, 30), ny.from_local(2026, 11, 4));
  ASSERT_EQ(by_date.size(), 5u);
  for (const auto& [date, times] : by_date) EXPECT_EQ(times.size(), 1u) << date;
}

TEST(Schedule, BerlinBothTransitions) {
  auto berlin = *Calendar::make("Europe/Berlin");
  // 2026-03-29: 02:00 -> 03:00. 02:15 does not exist: the transition.
  EXPECT_EQ(berlin.format(due_ms(berlin, at("02:15"), berlin.from_local(2026, 3, 28))),
            "2026-03-29T03:00:00+02:00");
  // 2026-10-25: 03:00 -> 02:00. 02:30 twice: the first (summer time).
  EXPECT_EQ(berlin.format(due_ms(berlin, at("02:30"), berlin.from_local(2026, 10, 24))),
            "2026-10-25T02:30:00+02:00");
  // An ordinary time on both days, and one run per local day all month.
  for (const char* t : {"06:30", "02:15", "02:30", "00:00", "23:59"})
    for (auto [from, to] : {std::pair{berlin.from_local(2026, 3, 20), berlin.from_local(2026, 4, 5)},
                            std::pair{berlin.from_local(2026, 10, 18), berlin.from_local(2026, 11, 2)}}) {
      auto by_date = runs(berlin, at(t), from, to);
      const int64_t days = (to - from + 12 * kHour) / (24 * kHour);
      EXPECT_EQ(static_cast<int64_t>(by_date.size()), days) << t;
      for (const auto& [date, times] : by_date) EXPECT_EQ(times.size(), 1u) << t << " " << date;
    }
}

TEST(Schedule, CatchUpAfterDowntimeIsBoundedByKeepDaysAndTheData) {
  auto berlin = *Calendar::make("Europe/Berlin");
  const DailySchedule s = at("06:30", 7);
  auto day = [&](int d) { return berlin.from_local(2026, 3, d); };
  // Down since the 2nd; back on the 10th at 10:00: the last 7 days are due,
  // yesterday first.
  ManualClock clock(day(10) + 10 * kHour);
  auto due = due_days(berlin, s, clock.now_ms(), day(1));
  ASSERT_EQ(due.size(), 7u);
  EXPECT_EQ(due.front(), day(9));
  EXPECT_EQ(due.back(), day(3));
  EXPECT_EQ(keep_from_ms(berlin, s, clock.now_ms()), day(3));
  // Back at 06:00, before today's run: yesterday is not due yet.
  ManualClock early(day(10) + 6 * kHour);
  due = due_days(berlin, s, early.now_ms(), day(1));
  ASSERT_FALSE(due.empty());
  EXPECT_EQ(due.front(), day(8));
  early.set_ms(day(10) + 6 * kHour + 30 * 60'000);  // 06:30 exactly: due
  EXPECT_EQ(due_days(berlin, s, early.now_ms(), day(1)).front(), day(9));
  EXPECT_EQ(next_run_ms(berlin, s, early.now_ms()), berlin.from_local(2026, 3, 11, 6 * kHour + 30 * 60'000));
  // No days before the rollups begin (here the 6th, in the afternoon).
  due = due_days(berlin, s, early.now_ms(), day(6) + 15 * kHour);
  ASSERT_EQ(due.size(), 4u);
  EXPECT_EQ(due.back(), day(6));
  EXPECT_TRUE(due_days(berlin, s, early.now_ms(), INT64_MAX).empty());
  // Across the spring-forward night, days stay local days (23 h long).
  clock.set_ms(berlin.from_local(2026, 3, 31, 12 * kHour));
  due = due_days(berlin, s, clock.now_ms(), day(1));
  ASSERT_EQ(due.size(), 7u);
  for (int64_t d : due) EXPECT_EQ(d, berlin.floor(Grain::kDay, d));
  EXPECT_NE(std::find(due.begin(), due.end(), berlin.from_local(2026, 3, 29)), due.end());
}

}  // namespace
}  // namespace switchyard::reports
