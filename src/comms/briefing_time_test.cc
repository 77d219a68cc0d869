// The daily briefing's clock (docs/comms.md "Daily briefing").
#include "comms/briefing_time.h"

#include <gtest/gtest.h>

namespace switchyard::comms {
namespace {

int64_t utc(int y, unsigned m, unsigned d, int hh, int mm) {
  return metrics::Calendar::utc().from_local(y, m, d, (int64_t{hh} * 60 + mm) * 60'000);
}

TEST(BriefingClock, PublishesAtTheSitesLocalTimeAndTakesItemsUntilTheDeadline) {
  // Shanghai is UTC+8 all year: 07:30 there is 23:30 UTC the day before
  auto c = BriefingClock::make({"lyon", "Asia/Shanghai", 7 * 60 + 30, 60}).value();
  EXPECT_EQ(c.publish_ms("2026-12-03"), utc(2026, 12, 2, 23, 30));
  EXPECT_EQ(c.deadline_ms("2026-12-03"), utc(2026, 12, 2, 22, 30));
  // before the deadline: tomorrow's (local) briefing; after it: the day after
  EXPECT_EQ(c.briefing_for(utc(2026, 12, 2, 22, 29)), "2026-12-03");
  EXPECT_EQ(c.briefing_for(utc(2026, 12, 2, 22, 30)), "2026-12-04");
  EXPECT_EQ(c.briefing_for(utc(2026, 12, 2, 23, 45)), "2026-12-04");  // published already: the next
  EXPECT_EQ(c.briefing_for(utc(2026, 12, 2, 10, 0)), "2026-12-03");
}

TEST(BriefingClock, ADeadlineBeforeMidnightAndDaylightSavingKeepTheWallClock) {
  auto c = BriefingClock::make({"paris", "Europe/Paris", 30, 60}).value();  // 00:30, items until 23:30
  EXPECT_EQ(c.briefing_for(utc(2026, 1, 10, 22, 29)), "2026-01-11");  // 23:29 Paris
  EXPECT_EQ(c.briefing_for(utc(2026, 1, 10, 22, 31)), "2026-01-12");  // 23:31 Paris
  auto m = BriefingClock::make({"paris", "Europe/Paris", 7 * 60 + 30, 60}).value();
  EXPECT_EQ(m.publish_ms("2026-03-28"), utc(2026, 3, 28, 6, 30));  // UTC+1
  EXPECT_EQ(m.publish_ms("2026-03-29"), utc(2026, 3, 29, 5, 30));  // UTC+2 from that night
  EXPECT_EQ(BriefingClock::add_days("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(BriefingClock::add_days("2028-03-01", -1), "2028-02-29");
}

TEST(BriefingClock, BadSchedulesAreNamed) {
  EXPECT_EQ(BriefingClock::make({"x", "Mars/Base", 0, 0}).error().field, "time_zone");
  EXPECT_EQ(BriefingClock::make({"x", "UTC", 1440, 0}).error().field, "publish_at");
  EXPECT_EQ(BriefingClock::make({"x", "UTC", 0, 721}).error().field, "deadline_minutes");
  EXPECT_EQ(minutes_of_day("07:30"), 450);
  EXPECT_EQ(minutes_of_day("7:30"), std::nullopt);
  EXPECT_EQ(minutes_of_day("24:00"), std::nullopt);
  EXPECT_EQ(hh_mm(450), "07:30");
}

}  // namespace
}  // namespace switchyard::comms
