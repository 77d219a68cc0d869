#include "comms/briefing_time.h"

#include <chrono>
#include <cstdio>

namespace switchyard::comms {

namespace {

std::chrono::year_month_day parse_date(std::string_view d) {
  int y = 1970;
  unsigned m = 1, day = 1;
  std::sscanf(std::string(d).c_str(), "%d-%u-%u", &y, &m, &day);
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
}

}  // namespace

std::optional<int> minutes_of_day(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string hh_mm(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
  return buf;
}

Result<void> validate(const BriefingSchedule& s) {
  if (auto cal = metrics::Calendar::make(s.time_zone, "time_zone"); !cal) return std::unexpected(cal.error());
  if (s.publish_min < 0 || s.publish_min > 1439)
    return make_error(ErrorCode::kInvalidArgument, "a local time HH:MM", "publish_at");
  if (s.deadline_min < 0 || s.deadline_min > 720)
    return make_error(ErrorCode::kInvalidArgument, "0..720 minutes", "deadline_minutes");
  return {};
}

Result<BriefingClock> BriefingClock::make(const BriefingSchedule& s) {
  if (auto ok = validate(s); !ok) return std::unexpected(ok.error());
  auto cal = metrics::Calendar::make(s.time_zone, "time_zone");
  return BriefingClock(s, std::move(*cal));
}

std::string BriefingClock::add_days(std::string_view date, int days) {
  const auto d = std::chrono::sys_days{parse_date(date)} + std::chrono::days{days};
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

int64_t BriefingClock::publish_ms(std::string_view date) const {
  const auto ymd = parse_date(date);
  return cal_.from_local(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                         int64_t{s_.publish_min} * 60'000);
}

int64_t BriefingClock::deadline_ms(std::string_view date) const {
  return publish_ms(date) - int64_t{s_.deadline_min} * 60'000;
}

std::string BriefingClock::briefing_for(int64_t t_ms) const {
  // a deadline falls on the briefing's local day or the day before (deadline_min <= 720)
  std::string d = add_days(date_of(t_ms), -1);
  while (t_ms >= deadline_ms(d)) d = add_days(d, 1);
  return d;
}

}  // namespace switchyard::comms
