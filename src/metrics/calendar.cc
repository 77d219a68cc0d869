#include "metrics/calendar.h"

#include <date/tz.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace switchyard::metrics {

namespace {

using std::chrono::milliseconds;
using SysMs = date::sys_time<milliseconds>;
using LocalMs = date::local_time<milliseconds>;

constexpr int64_t k15MinMs = 900'000;
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 86'400'000;

constexpr std::array<std::string_view, kGrainCount> kGrainNames = {"15min", "hour", "day", "month", "year"};

int64_t floor_to(int64_t v, int64_t step) { return v / step * step - (v % step < 0 ? step : 0); }

// Reads exactly `n` digits at `s[pos]`; advances pos.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, out);
  if (ec != std::errc{} || p != s.data() + pos + n) return false;
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(Grain g) { return kGrainNames[static_cast<size_t>(g)]; }

std::optional<Grain> grain_from_string(std::string_view s) {
  for (size_t i = 0; i < kGrainNames.size(); ++i)
    if (kGrainNames[i] == s) return static_cast<Grain>(i);
  return std::nullopt;
}

Result<Calendar> Calendar::make(std::string_view zone, std::string_view field) {
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    return Calendar(tz, std::string(zone));
  } catch (const std::exception&) {
    return make_error(ErrorCode::kInvalidArgument,
                      "unknown time zone '" + std::string(zone) + "' (an IANA name such as Europe/Paris)",
                      std::string(field));
  }
}

Calendar Calendar::utc() { return *make("UTC"); }

int64_t Calendar::offset_ms(int64_t t_ms) const {
  const auto info = tz_->get_info(SysMs(milliseconds(t_ms)));
  return std::chrono::duration_cast<milliseconds>(info.offset).count();
}

int64_t Calendar::from_local(int year, unsigned month, unsigned day, int64_t ms_of_day) const {
  const date::local_days d{date::year{year} / date::month{month} / date::day{day}};
  const LocalMs lt = d + milliseconds(ms_of_day);
  return tz_->to_sys(lt, date::choose::earliest).time_since_epoch().count();
}

int64_t Calendar::floor(Grain g, int64_t t_ms) const {
  const int64_t off = offset_ms(t_ms);
  const int64_t local = t_ms + off;
  switch (g) {
    case Grain::k15Min:
      return floor_to(local, k15MinMs) - off;
    case Grain::kHour:
      return floor_to(local, kHourMs) - off;
    default:
      break;
  }
  const date::year_month_day ymd{date::sys_days{date::days{floor_to(local, kDayMs) / kDayMs}}};
  const int y = static_cast<int>(ymd.year());
  if (g == Grain::kDay) return from_local(y, static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  if (g == Grain::kMonth) return from_local(y, static_cast<unsigned>(ymd.month()), 1);
  return from_local(y, 1, 1);
}

int64_t Calendar::next(Grain g, int64_t start_ms) const {
  switch (g) {
    case Grain::k15Min:
      return start_ms + k15MinMs;
    case Grain::kHour:
      return floor(Grain::kHour, start_ms + kHourMs);
    default:
      break;
  }
  const int64_t local = start_ms + offset_ms(start_ms);
  const date::year_month_day ymd{date::sys_days{date::days{floor_to(local, kDayMs) / kDayMs}}};
  if (g == Grain::kDay) {
    const date::year_month_day n{date::sys_days(ymd) + date::days{1}};
    return from_local(static_cast<int>(n.year()), static_cast<unsigned>(n.month()), static_cast<unsigned>(n.day()));
  }
  if (g == Grain::kMonth) {
    const date::year_month ym = date::year_month{ymd.year(), ymd.month()} + date::months{1};
    return from_local(static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()), 1);
  }
  return from_local(static_cast<int>(ymd.year()) + 1, 1, 1);
}

std::string Calendar::format(int64_t t_ms) const {
  const int64_t off = offset_ms(t_ms);
  const int64_t local = t_ms + off;
  const int64_t day = floor_to(local, kDayMs) / kDayMs;
  const int64_t in_day = local - day * kDayMs;
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  const int64_t off_min = off / 60'000;
  const int64_t abs_min = off_min < 0 ? -off_min : off_min;
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // never in practice; printf handles the sign and width
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", year,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(in_day / kHourMs), static_cast<int>(in_day / 60'000 % 60),
                  static_cast<int>(in_day / 1000 % 60), off_min < 0 ? '-' : '+', static_cast<int>(abs_min / 60),
                  static_cast<int>(abs_min % 60));
    return buf;
  }
  // Digits written directly: reports format one start per row (73,000 in a
  // year of days for 200 queues), printf was a tenth of the rendering.
  std::string out = "0000-00-00T00:00:00+00:00";
  auto two = [&out](size_t at, int64_t v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, year / 100);
  two(2, year % 100);
  two(5, static_cast<unsigned>(ymd.month()));
  two(8, static_cast<unsigned>(ymd.day()));
  two(11, in_day / kHourMs);
  two(14, in_day / 60'000 % 60);
  two(17, in_day / 1000 % 60);
  out[19] = off_min < 0 ? '-' : '+';
  two(20, abs_min / 60);
  two(23, abs_min % 60);
  return out;
}

std::string Calendar::format_date(int64_t t_ms) const { return format(t_ms).substr(0, 10); }

Result<int64_t> Calendar::parse(std::string_view s, std::string_view field) const {
  auto bad = [&] {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected a date (2026-03-08) or a time (2026-03-08T09:30, optionally with Z or +08:00), "
                      "got '" + std::string(s) + "'",
                      std::string(field));
  };
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, d))
    return bad();
  if (pos < s.size()) {
    if (!expect(s, pos, 'T') && !expect(s, pos, ' ')) return bad();
    if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return bad();
    if (expect(s, pos, ':') && !digits(s, pos, 2, sec)) return bad();
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return bad();
  const int64_t ms_of_day = (h * 3600LL + mi * 60LL + sec) * 1000;
  if (pos == s.size()) return from_local(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), ms_of_day);
  int64_t off_ms = 0;
  if (!expect(s, pos, 'Z')) {
    const bool minus = pos < s.size() && s[pos] == '-';
    if (!expect(s, pos, '+') && !expect(s, pos, '-')) return bad();
    int oh = 0, om = 0;
    if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om) || oh > 23 || om > 59)
      return bad();
    off_ms = (oh * 60LL + om) * 60'000 * (minus ? -1 : 1);
  }
  if (pos != s.size()) return bad();
  const int64_t days = date::sys_days(ymd).time_since_epoch().count();
  return days * kDayMs + ms_of_day - off_ms;
}

}  // namespace switchyard::metrics
