#include "metrics/calendar.h"

#include <gtest/gtest.h>

namespace switchyard::metrics {
namespace {

constexpr int64_t kHour = 3'600'000;

// Epoch ms of a UTC date-time.
int64_t utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0) {
  return Calendar::utc().from_local(y, m, d, (h * 60LL + mi) * 60'000);
}

// Buckets of grain g from the one containing `from` up to `to`.
std::vector<int64_t> buckets(const Calendar& c, Grain g, int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t b = c.floor(g, from); b < to; b = c.next(g, b)) out.push_back(b);
  return out;
}

TEST(CalendarTest, UnknownZoneIsAnErrorNamingTheField) {
  auto c = Calendar::make("Mars/Olympus", "center.time_zone");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.error().field, "center.time_zone");
}

TEST(CalendarTest, DaysInShanghaiStartAtLocalMidnight) {
  auto c = *Calendar::make("Asia/Shanghai");
  // 2026-11-30 03:00 local is 2026-11-29 19:00 UTC; the day began at 16:00 UTC.
  EXPECT_EQ(c.floor(Grain::kDay, utc(2026, 11, 29, 19)), utc(2026, 11, 29, 16));
  EXPECT_EQ(c.next(Grain::kDay, utc(2026, 11, 29, 16)), utc(2026, 11, 30, 16));
  EXPECT_EQ(c.floor(Grain::kMonth, utc(2026, 11, 29, 19)), utc(2026, 10, 31, 16));
  EXPECT_EQ(c.floor(Grain::kYear, utc(2026, 11, 29, 19)), utc(2025, 12, 31, 16));
  EXPECT_EQ(c.format(utc(2026, 11, 29, 19)), "2026-11-30T03:00:00+08:00");
  EXPECT_EQ(c.format_date(utc(2026, 11, 29, 19)), "2026-11-30");
}

TEST(CalendarTest, FormatWritesEveryFieldAndOffsetsOfMinutes) {
  const int64_t t = utc(2026, 1, 2, 3, 4) + 5'000 + 678;  // 03:04:05.678Z
  EXPECT_EQ(Calendar::make("Asia/Kathmandu")->format(t), "2026-01-02T08:49:05+05:45");
  EXPECT_EQ(Calendar::make("America/St_Johns")->format(t), "2026-01-01T23:34:05-03:30");
  EXPECT_EQ(Calendar::utc().format(utc(1999, 12, 31, 23, 59) + 59'000), "1999-12-31T23:59:59+00:00");
}

TEST(CalendarTest, NewYorkSpringForwardDayHas23HourBuckets) {
  auto c = *Calendar::make("America/New_York");
  const int64_t day = c.from_local(2026, 3, 8);  // clocks go 02:00 EST -> 03:00 EDT
  EXPECT_EQ(day, utc(2026, 3, 8, 5));
  EXPECT_EQ(c.next(Grain::kDay, day) - day, 23 * kHour);
  const auto hours = buckets(c, Grain::kHour, day, c.next(Grain::kDay, day));
  ASSERT_EQ(hours.size(), 23u);
  EXPECT_EQ(c.format(hours[2]), "2026-03-08T03:00:00-04:00");  // 02:00 does not exist
  EXPECT_EQ(buckets(c, Grain::k15Min, day, c.next(Grain::kDay, day)).size(), 92u);
  // A time in the missing hour, given as local, is the transition.
  EXPECT_EQ(*c.parse("2026-03-08T02:30", "from"), utc(2026, 3, 8, 7));
}

TEST(CalendarTest, NewYorkFallBackDayHas25HourBucketsWithTheRepeatedHourTwice) {
  auto c = *Calendar::make("America/New_York");
  const int64_t day = c.from_local(2026, 11, 1);  // clocks go 02:00 EDT -> 01:00 EST
  EXPECT_EQ(c.next(Grain::kDay, day) - day, 25 * kHour);
  const auto hours = buckets(c, Grain::kHour, day, c.next(Grain::kDay, day));
  ASSERT_EQ(hours.size(), 25u);
  EXPECT_EQ(c.format(hours[1]), "2026-11-01T01:00:00-04:00");
  EXPECT_EQ(c.format(hours[2]), "2026-11-01T01:00:00-05:00");
  EXPECT_EQ(hours[2] - hours[1], kHour);
  // Both 01:30s fall in their own hour; both in the same day.
  EXPECT_EQ(c.floor(Grain::kHour, hours[1] + kHour / 2), hours[1]);
  EXPECT_EQ(c.floor(Grain::kHour, hours[2] + kHour / 2), hours[2]);
  EXPECT_EQ(c.floor(Grain::kDay, hours[2] + kHour / 2), day);
  // The ambiguous local time parses as the earlier instant.
  EXPECT_EQ(*c.parse("2026-11-01T01:30", "from"), hours[1] + kHour / 2);
}

TEST(CalendarTest, HalfHourZoneHoursStartAtHalfPastUtc) {
  auto c = *Calendar::make("Asia/Kolkata");
  EXPECT_EQ(c.floor(Grain::kHour, utc(2026, 6, 1, 10, 10)), utc(2026, 6, 1, 9, 30));
  EXPECT_EQ(c.floor(Grain::k15Min, utc(2026, 6, 1, 10, 10)), utc(2026, 6, 1, 10, 0));
}

TEST(CalendarTest, MonthsAndYearsFollowTheCalendar) {
  auto c = *Calendar::make("Europe/Paris");
  const auto months = buckets(c, Grain::kMonth, c.from_local(2026, 1, 1), c.from_local(2027, 1, 1));
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(c.format(months[1]), "2026-02-01T00:00:00+01:00");
  EXPECT_EQ(c.format(months[3]), "2026-04-01T00:00:00+02:00");
  EXPECT_EQ(c.next(Grain::kMonth, months[1]) - months[1], 28 * 24 * kHour);
  EXPECT_EQ(c.next(Grain::kMonth, months[2]) - months[2], (31 * 24 - 1) * kHour);  // March loses an hour
  EXPECT_EQ(c.next(Grain::kYear, months[0]), c.from_local(2027, 1, 1));
  EXPECT_EQ(buckets(c, Grain::kDay, months[0], c.from_local(2027, 1, 1)).size(), 365u);
}

TEST(CalendarTest, ParsesDatesLocalTimesAndAbsoluteTimes) {
  auto c = *Calendar::make("Asia/Shanghai");
  EXPECT_EQ(*c.parse("2026-11-30", "from"), utc(2026, 11, 29, 16));
  EXPECT_EQ(*c.parse("2026-11-30T09:30", "from"), utc(2026, 11, 30, 1, 30));
  EXPECT_EQ(*c.parse("2026-11-30T09:30:15Z", "from"), utc(2026, 11, 30, 9, 30) + 15'000);
  EXPECT_EQ(*c.parse("2026-11-30T09:30:00-05:00", "from"), utc(2026, 11, 30, 14, 30));
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-11-30T25:00", "2026-11-30T09:30+8", "tomorrow",
                          "2026-11-30T09:30Zjunk"}) {
    auto r = c.parse(bad, "to");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "to");
  }
}

TEST(CalendarTest, GrainNamesRoundTrip) {
  for (int i = 0; i < kGrainCount; ++i) {
    const auto g = static_cast<Grain>(i);
    EXPECT_EQ(grain_from_string(to_string(g)), g);
  }
  EXPECT_FALSE(grain_from_string("week"));
}

}  // namespace
}  // namespace switchyard::metrics
