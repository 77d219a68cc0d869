// The sample schedule problem (schedule_sample.h).
#include "wfm/schedule_sample.h"
#include "wfm/splitmix.h"

#include <algorithm>
#include <cmath>

namespace switchyard::wfm {
namespace {

using Rng = SplitMix;

std::vector<BreakRule> break_rules(int interval_min) {
  const int brk = std::max(15, interval_min);
  return {
      BreakRule{"break", 240, 90, 150, brk, brk, true},
      BreakRule{"lunch", 360, 210, 300, 30, 60, false},
      BreakRule{"break 2", 450, 360, 420, brk, brk, true},
  };
}

}  // namespace

ScheduleProblem sample_problem(const SampleSpec& spec) {
  Rng rng{spec.seed * 0x2545f4914f6cdd1dULL + 7};
  ScheduleProblem p;
  p.days = spec.days;
  p.interval_min = spec.interval_min;
  const char* names[] = {"general", "billing", "tech", "sales"};
  const double share[] = {0.45, 0.25, 0.2, 0.1};
  const int groups = std::clamp(spec.skill_groups, 1, 4);
  for (int g = 0; g < groups; ++g) p.skill_groups.push_back(names[g]);
  const int step = std::max(30, spec.interval_min);
  const auto rules = break_rules(spec.interval_min);
  p.templates = {
      ShiftTemplate{"early", 6 * 60, 9 * 60, step, {480, 510}, 0x7f, rules},
      ShiftTemplate{"day", 9 * 60, 12 * 60, step, {480, 510}, 0x7f, rules},
      ShiftTemplate{"late", 12 * 60, 14 * 60, step, {480, 510}, 0x1f, rules},  // Mon-Fri
      ShiftTemplate{"part", 7 * 60, 17 * 60, step, {240, 300, 360}, 0x7f, rules},
  };
  double capacity_min = 0;  // contracted paid minutes per week, midpoint
  for (int i = 0; i < spec.agents; ++i) {
    Agent a;
    a.id = 'a';  // (not "a" + to_string(i): g++ 12's -Wrestrict false positive, GCC bug 105329)
    a.id += std::to_string(i);
    const bool part_time = rng.below(10) < 3;
    if (part_time) {
      a.contract = Contract{16 * 60, 25 * 60, 4 * 60};
      a.templates = {3};
    } else {
      a.contract = Contract{35 * 60, 40 * 60, 8 * 60};
      a.templates = {0, 1, 2};
    }
    capacity_min += (a.contract.min_weekly_min + a.contract.max_weekly_min) / 2.0;
    a.skills.push_back(rng.below(10) < 7 || groups == 1 ? 0 : 1 + rng.below(groups - 1));
    const int extra = rng.below(3);
    for (int k = 0; k < extra; ++k) {
      const int g = rng.below(groups);
      if (std::find(a.skills.begin(), a.skills.end(), g) == a.skills.end()) a.skills.push_back(g);
    }
    if (rng.below(10) == 0) {  // one day unavailable, another with a window
      a.availability.assign(p.days, DayAvailability{});
      a.availability[rng.below(p.days)].available = false;
      DayAvailability& w = a.availability[rng.below(p.days)];
      if (w.available) w = DayAvailability{true, 8 * 60, 20 * 60};
    }
    if (rng.below(20) == 0) {
      const int first = rng.below(p.days);
      a.leave.push_back(LeaveRange{first, std::min(p.days - 1, first + rng.below(3))});
    }
    if (rng.below(10) < 3) a.preferences.preferred_start_to_min = 9 * 60;
    if (rng.below(10) < 2) a.preferences.preferred_days_off_mask = 0x60;  // Sat, Sun
    p.agents.push_back(std::move(a));
  }
  // Requirement: open 07:00-22:00, two daily peaks, weekly shape; scaled to the load.
  const int ipd = p.intervals_per_day();
  const double weekly[] = {1.15, 1.05, 1.0, 1.0, 0.95, 0.6, 0.45};
  std::vector<double> shape(p.intervals(), 0);
  double total = 0;
  for (int d = 0; d < p.days; ++d) {
    for (int k = 0; k < ipd; ++k) {
      const double h = (k + 0.5) * p.interval_min / 60.0;
      if (h < 7 || h > 22) continue;
      const double v = 0.35 + std::exp(-0.5 * std::pow((h - 10.5) / 1.5, 2)) +
                       0.8 * std::exp(-0.5 * std::pow((h - 14.5) / 1.8, 2)) +
                       0.25 * std::exp(-0.5 * std::pow((h - 19.0) / 1.5, 2));
      shape[d * ipd + k] = v * weekly[(p.first_weekday + d) % 7];
      total += shape[d * ipd + k];
    }
  }
  double share_sum = 0;
  for (int g = 0; g < groups; ++g) share_sum += share[g];
  const double agent_intervals = spec.load * capacity_min * (p.days / 7) / p.interval_min;
  for (int g = 0; g < groups; ++g) {
    std::vector<double> curve(p.intervals());
    for (int t = 0; t < p.intervals(); ++t) {
      // Whole agents, as the staffing requirement gives them.
      curve[t] = std::round(shape[t] / total * agent_intervals * share[g] / share_sum);
    }
    p.required.push_back(std::move(curve));
  }
  return p;
}

}  // namespace switchyard::wfm
