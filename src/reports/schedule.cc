#include "reports/schedule.h"

#include <charconv>
#include <cstdio>

namespace switchyard::reports {

using metrics::Grain;

Result<int64_t> parse_time_of_day(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected a local time of day \"HH:MM\" (00:00 to 23:59), got \"" + std::string(text) + "\"",
                      std::string(field));
  };
  if (text.size() != 5 || text[2] != ':') return bad();
  int h = -1, m = -1;
  auto two = [](std::string_view s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + 2, out);
    return ec == std::errc{} && p == s.data() + 2;
  };
  if (!two(text.substr(0, 2), h) || !two(text.substr(3, 2), m) || h < 0 || h > 23 || m < 0 || m > 59) return bad();
  return (h * 60LL + m) * 60'000;
}

std::string format_time_of_day(int64_t ms_of_day) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(ms_of_day / 3'600'000 % 24),
                static_cast<int>(ms_of_day / 60'000 % 60));
  return buf;
}

int64_t previous_day(const metrics::Calendar& cal, int64_t day_start_ms) {
  return cal.floor(Grain::kDay, day_start_ms - 1);
}

int64_t due_ms(const metrics::Calendar& cal, const DailySchedule& s, int64_t day_start_ms) {
  // The local date of the next day, then the configured time on it.
  const std::string date = cal.format_date(cal.next(Grain::kDay, day_start_ms));
  int y = 0;
  unsigned mo = 0, d = 0;
  std::from_chars(date.data(), date.data() + 4, y);
  std::from_chars(date.data() + 5, date.data() + 7, mo);
  std::from_chars(date.data() + 8, date.data() + 10, d);
  return cal.from_local(y, mo, d, s.at_ms);
}

int64_t next_run_ms(const metrics::Calendar& cal, const DailySchedule& s, int64_t now_ms) {
  const int64_t today = cal.floor(Grain::kDay, now_ms);
  const int64_t at_today = due_ms(cal, s, previous_day(cal, today));  // today's run (yesterday's report)
  return at_today > now_ms ? at_today : due_ms(cal, s, today);
}

int64_t keep_from_ms(const metrics::Calendar& cal, const DailySchedule& s, int64_t now_ms) {
  int64_t day = cal.floor(Grain::kDay, now_ms);
  for (int i = 0; i < s.keep_days; ++i) day = previous_day(cal, day);
  return day;
}

std::vector<int64_t> due_days(const metrics::Calendar& cal, const DailySchedule& s, int64_t now_ms,
                              int64_t earliest_ms) {
  std::vector<int64_t> out;
  if (earliest_ms == INT64_MAX) return out;
  const int64_t from = std::max(keep_from_ms(cal, s, now_ms), cal.floor(Grain::kDay, earliest_ms));
  int64_t day = previous_day(cal, cal.floor(Grain::kDay, now_ms));  // yesterday: due once today's run passed
  if (due_ms(cal, s, day) > now_ms) day = previous_day(cal, day);
  for (; day >= from; day = previous_day(cal, day)) out.push_back(day);
  return out;
}

}  // namespace switchyard::reports
