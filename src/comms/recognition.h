#pragma once
// Agent of the week (docs/comms.md "Recognition"): ISO weeks as the center writes them
// ("2026-W49", Monday to Sunday in the center's time zone) and the published proposal formula,
// which ranks a team's agents from the quality leaderboard's points and peer nominations. The
// team lead confirms one agent; the formula only proposes. Pure: no clock, no I/O.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::comms {

struct IsoWeek {
  int year = 0;
  unsigned week = 0;  // 1..52 or 53
  bool operator==(const IsoWeek&) const = default;
};
// "YYYY-Www" (a week the year has); nullopt otherwise.
std::optional<IsoWeek> parse_iso_week(std::string_view text);
std::string to_string(const IsoWeek& w);  // "2026-W49"
IsoWeek iso_week_of(std::chrono::year_month_day day);
std::chrono::year_month_day monday_of(const IsoWeek& w);

inline constexpr double kPointsPerNomination = 5.0;
inline constexpr int kCountedNominations = 3;  // more nominations add nothing
const char* agent_of_week_formula();

struct Candidate {
  std::string agent;
  std::optional<double> points;  // the quality leaderboard's, 0..100; nullopt: no figures
  int nominations = 0;
  double proposal = 0;  // set by rank_candidates
  int rank = 0;         // 1 = first; equal proposals share a rank; 0 = nothing to rank on
};
// proposal = (points or 0) + kPointsPerNomination × min(nominations, kCountedNominations).
double proposal_of(std::optional<double> points, int nominations);
// Fills proposal and rank and orders by rank (unranked last), then by agent name.
void rank_candidates(std::vector<Candidate>& all);

}  // namespace switchyard::comms
