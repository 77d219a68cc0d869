#include "comms/celebrations.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "comms/text_rules.h"

namespace switchyard::comms {

using namespace std::chrono;

namespace {

bool read_number(std::string_view s, unsigned& out) {
  return !s.empty() && std::from_chars(s.data(), s.data() + s.size(), out).ptr == s.data() + s.size();
}

// month/day in `y`, 29 February becoming 28 February in a common year.
year_month_day in_year(int y, month m, day d) {
  const year_month_day wanted{year(y), m, d};
  if (wanted.ok()) return wanted;
  return year_month_day(year_month_day_last(year(y), month_day_last(m)));
}

// The first occurrence of month/day on or after `from`.
year_month_day next_occurrence(year_month_day from, month m, day d) {
  const int y = static_cast<int>(from.year());
  const year_month_day here = in_year(y, m, d);
  return sys_days(here) >= sys_days(from) ? here : in_year(y + 1, m, d);
}

}  // namespace

std::string iso_date(year_month_day d) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return out;
}

std::optional<year_month_day> parse_iso_date(std::string_view t) {
  unsigned y = 0, m = 0, d = 0;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!read_number(t.substr(0, 4), y) || !read_number(t.substr(5, 2), m) || !read_number(t.substr(8, 2), d))
    return std::nullopt;
  const year_month_day out{year(static_cast<int>(y)), month(m), day(d)};
  if (!out.ok() || y < 1900) return std::nullopt;
  return out;
}

Result<void> validate(const Profile& p) {
  if (p.birthday) {
    const std::string& b = *p.birthday;
    unsigned m = 0, d = 0;
    // A leap year holds every month/day there is.
    if (b.size() != 5 || b[2] != '-' || !read_number(std::string_view(b).substr(0, 2), m) ||
        !read_number(std::string_view(b).substr(3, 2), d) || !year_month_day{year(2024), month(m), day(d)}.ok())
      return invalid("MM-DD, a day of the year", "birthday");
  }
  if (p.work_start && !parse_iso_date(*p.work_start)) return invalid("YYYY-MM-DD", "work_start");
  return {};
}

std::vector<Celebration> celebrations(std::span<const Profile> people, year_month_day from, int days_ahead) {
  std::vector<Celebration> out;
  const sys_days first(from), end = first + days(std::max(days_ahead, 0));
  for (const Profile& p : people) {
    if (p.show_birthday && p.birthday) {
      const unsigned m = static_cast<unsigned>(std::stoi(p.birthday->substr(0, 2)));
      const unsigned d = static_cast<unsigned>(std::stoi(p.birthday->substr(3, 2)));
      const year_month_day when = next_occurrence(from, month(m), day(d));
      if (sys_days(when) < end) out.push_back(Celebration{p.user, false, when, 0});
    }
    if (p.show_anniversary && p.work_start)
      if (auto start = parse_iso_date(*p.work_start)) {
        const year_month_day when = next_occurrence(from, start->month(), start->day());
        const int years = static_cast<int>(when.year()) - static_cast<int>(start->year());
        if (years >= 1 && sys_days(when) < end) out.push_back(Celebration{p.user, true, when, years});
      }
  }
  std::sort(out.begin(), out.end(), [](const Celebration& a, const Celebration& b) {
    if (a.date != b.date) return sys_days(a.date) < sys_days(b.date);
    if (a.user != b.user) return a.user < b.user;
    return a.anniversary < b.anniversary;
  });
  return out;
}

}  // namespace switchyard::comms
