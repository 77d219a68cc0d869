#include "comms/recognition.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace switchyard::comms {

using namespace std::chrono;

namespace {
// The Monday of ISO week 1 of `year`: the week holding 4 January.
sys_days week_one(int year) {
  const sys_days jan4 = sys_days(std::chrono::year(year) / January / 4);
  const unsigned iso = weekday(jan4).iso_encoding();  // Monday 1 .. Sunday 7
  return jan4 - days(iso - 1);
}
unsigned weeks_in(int year) {
  return static_cast<unsigned>((week_one(year + 1) - week_one(year)).count() / 7);
}
}  // namespace

std::optional<IsoWeek> parse_iso_week(std::string_view text) {
  if (text.size() != 8 || text[4] != '-' || text[5] != 'W') return std::nullopt;
  int year = 0;
  unsigned week = 0;
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4) return std::nullopt;
  if (std::from_chars(text.data() + 6, text.data() + 8, week).ptr != text.data() + 8) return std::nullopt;
  if (year < 1970 || week < 1 || week > weeks_in(year)) return std::nullopt;
  return IsoWeek{year, week};
}

std::string to_string(const IsoWeek& w) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-W%02u", w.year, w.week);
  return out;
}

IsoWeek iso_week_of(year_month_day day) {
  const sys_days d(day);
  const sys_days thursday = d - days(weekday(d).iso_encoding() - 1) + days(3);
  const int year = static_cast<int>(year_month_day(thursday).year());
  return IsoWeek{year, static_cast<unsigned>((thursday - week_one(year)).count() / 7 + 1)};
}

year_month_day monday_of(const IsoWeek& w) { return year_month_day(week_one(w.year) + days(7 * (w.week - 1))); }

const char* agent_of_week_formula() {
  return "proposal = points + 5 × nominations (at most 3 count), where points are the quality leaderboard's for the "
         "week (0.5 × quality + 0.25 × FCR + 0.25 × CSAT, each 0..100, reweighted when a figure has no data; 0 "
         "without figures) and nominations are colleagues' nominations of the agent for that week; the team lead "
         "confirms one agent, who need not be the first";
}

double proposal_of(std::optional<double> points, int nominations) {
  return points.value_or(0) + kPointsPerNomination * std::min(std::max(nominations, 0), kCountedNominations);
}

void rank_candidates(std::vector<Candidate>& all) {
  for (Candidate& c : all) c.proposal = proposal_of(c.points, c.nominations);
  auto rankable = [](const Candidate& c) { return c.points.has_value() || c.nominations > 0; };
  std::sort(all.begin(), all.end(), [&](const Candidate& a, const Candidate& b) {
    if (rankable(a) != rankable(b)) return rankable(a);
    if (a.proposal != b.proposal) return a.proposal > b.proposal;
    return a.agent < b.agent;
  });
  for (size_t i = 0; i < all.size(); ++i) {
    if (!rankable(all[i])) {
      all[i].rank = 0;
      continue;
    }
    all[i].rank = i > 0 && rankable(all[i - 1]) && all[i - 1].proposal == all[i].proposal ? all[i - 1].rank
                                                                                          : static_cast<int>(i + 1);
  }
}

}  // namespace switchyard::comms
