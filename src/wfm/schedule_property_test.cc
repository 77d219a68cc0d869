// Property tests of the generator on many seeded random problems: generated schedules never
// break a rule (by check() and by independent assertions here), their coverage recounted here
// matches the generator's report, the local search is never worse than the greedy baseline, and
// the same seed gives the same schedule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "wfm/schedule.h"
#include "wfm/schedule_generator.h"
#include "wfm/schedule_sample.h"

namespace switchyard::wfm {
namespace {

constexpr int kProblems = 40;

struct Rng {
  uint64_t s;
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
};

ScheduleProblem random_problem(uint64_t seed) {
  Rng rng{seed * 2654435761ULL + 1};
  SampleSpec spec;
  spec.agents = 5 + rng.below(36);
  spec.days = rng.below(3) == 0 ? 14 : 7;
  spec.interval_min = rng.below(2) == 0 ? 30 : 15;
  spec.skill_groups = 1 + rng.below(4);
  spec.load = 0.5 + 0.1 * rng.below(9);
  spec.seed = seed;
  ScheduleProblem p = sample_problem(spec);
  p.first_weekday = rng.below(7);
  p.rules.min_rest_min = rng.below(2) == 0 ? 8 * 60 : 11 * 60;
  p.rules.max_consecutive_days = 5 + rng.below(2);
  p.rules.min_days_off_per_week = 1 + rng.below(2);
  p.weights.over = 0.1 * rng.below(6);
  p.weights.preference = 0.1 * rng.below(3);
  return p;
}

// Paid minutes of a shift, from the template's rules (independent of paid_minutes()).
int paid(const Shift& s, const ScheduleProblem& p) {
  int minutes = s.length_min;
  int k = 0;
  for (const BreakRule& b : p.templates[s.template_index].breaks) {
    if (s.length_min < b.min_shift_length_min) continue;
    if (!b.paid) minutes -= s.breaks.at(k).length_min;
    ++k;
  }
  return minutes;
}

// Coverage recounted minute by minute: an interval counts the agent when any minute of it is
// worked (breaks and shifts are on the interval grid, so that is the whole interval).
std::vector<std::vector<int>> recount(const Schedule& sch, const ScheduleProblem& p) {
  std::vector<std::vector<int>> cov(p.skill_groups.size(), std::vector<int>(p.intervals(), 0));
  for (const Shift& s : sch.shifts) {
    std::set<int> counted;
    for (int m = 0; m < s.length_min; ++m) {
      bool on_break = false;
      for (const PlacedBreak& b : s.breaks) {
        on_break = on_break || (m >= b.offset_min && m < b.offset_min + b.length_min);
      }
      const int t = (s.day * 1440 + s.start_min + m) / p.interval_min;
      if (!on_break && t < p.intervals() && counted.insert(t).second) ++cov[s.skill][t];
    }
  }
  return cov;
}

void expect_rules_hold(const Schedule& sch, const ScheduleProblem& p, uint64_t seed) {
  const auto v = check(sch, p);
  EXPECT_TRUE(v.empty()) << "seed " << seed << ": " << v.size() << " violations, first "
                         << to_string(v.front().rule) << ": " << v.front().message;
  // Independent assertions: leave, availability, skills, contract hours, days off.
  const int weeks = p.days / 7;
  std::vector<std::vector<int>> paid_week(p.agents.size(), std::vector<int>(weeks, 0));
  std::vector<std::vector<std::set<int>>> days_worked(p.agents.size(),
                                                      std::vector<std::set<int>>(weeks));
  for (const Shift& s : sch.shifts) {
    const Agent& a = p.agents.at(s.agent);
    for (const LeaveRange& l : a.leave) {
      EXPECT_FALSE(s.day >= l.first_day && s.day <= l.last_day) << "seed " << seed << " leave";
    }
    if (!a.availability.empty()) {
      const DayAvailability& av = a.availability.at(s.day);
      EXPECT_TRUE(av.available && s.start_min >= av.from_min &&
                  s.start_min + s.length_min <= av.to_min)
          << "seed " << seed << " availability of " << a.id << " day " << s.day;
    }
    EXPECT_NE(std::find(a.skills.begin(), a.skills.end(), s.skill), a.skills.end());
    paid_week[s.agent][s.day / 7] += paid(s, p);
    days_worked[s.agent][s.day / 7].insert(s.day);
  }
  for (size_t i = 0; i < p.agents.size(); ++i) {
    const Agent& a = p.agents[i];
    for (int w = 0; w < weeks; ++w) {
      int leave_days = 0;
      for (int d = 7 * w; d < 7 * w + 7; ++d) {
        for (const LeaveRange& l : a.leave) leave_days += (d >= l.first_day && d <= l.last_day);
      }
      const int min =
          std::max(0, a.contract.min_weekly_min - leave_days * a.contract.leave_credit_min);
      EXPECT_GE(paid_week[i][w], min) << "seed " << seed << " " << a.id << " week " << w;
      EXPECT_LE(paid_week[i][w], a.contract.max_weekly_min) << "seed " << seed << " " << a.id;
      EXPECT_GE(7 - static_cast<int>(days_worked[i][w].size()), p.rules.min_days_off_per_week)
          << "seed " << seed << " " << a.id;
    }
  }
}

void expect_report_matches(const GenerateResult& r, const ScheduleProblem& p, uint64_t seed) {
  const auto cov = recount(r.schedule, p);
  ASSERT_EQ(cov, r.report.coverage) << "seed " << seed;
  double under = 0;
  double over = 0;
  for (size_t g = 0; g < cov.size(); ++g) {
    for (int t = 0; t < p.intervals(); ++t) {
      under += std::max(0.0, p.required[g][t] - cov[g][t]);
      over += std::max(0.0, cov[g][t] - p.required[g][t]);
    }
  }
  EXPECT_NEAR(r.report.under, under, 1e-6) << "seed " << seed;
  EXPECT_NEAR(r.report.over, over, 1e-6) << "seed " << seed;
  int penalties = 0;
  for (const Shift& s : r.schedule.shifts) {
    const Preferences& f = p.agents[s.agent].preferences;
    penalties += s.start_min < f.preferred_start_from_min || s.start_min > f.preferred_start_to_min;
    penalties += (f.preferred_days_off_mask >> ((p.first_weekday + s.day) % 7)) & 1;
  }
  EXPECT_EQ(r.report.preference_penalties, penalties) << "seed " << seed;
  EXPECT_NEAR(r.report.objective,
              p.weights.under * under + p.weights.over * over + p.weights.preference * penalties,
              1e-6);
}

TEST(ScheduleProperty, GeneratedSchedulesKeepEveryRule) {
  for (uint64_t seed = 1; seed <= kProblems; ++seed) {
    const ScheduleProblem p = random_problem(seed);
    ASSERT_TRUE(validate(p).has_value()) << validate(p).error().message;
    auto r = generate(p, GenerateOptions{.seed = seed, .max_iterations = 20000});
    ASSERT_TRUE(r.has_value()) << "seed " << seed << ": " << r.error().message;
    expect_rules_hold(r->schedule, p, seed);
    auto g = generate(p, GenerateOptions{.method = ScheduleMethod::kGreedy});
    ASSERT_TRUE(g.has_value());
    expect_rules_hold(g->schedule, p, seed);
  }
}

TEST(ScheduleProperty, CoverageRecountedMatchesTheReport) {
  for (uint64_t seed = 1; seed <= kProblems; ++seed) {
    const ScheduleProblem p = random_problem(seed);
    auto r = generate(p, GenerateOptions{.seed = seed, .max_iterations = 20000});
    ASSERT_TRUE(r.has_value()) << r.error().message;
    expect_report_matches(*r, p, seed);
    auto g = generate(p, GenerateOptions{.method = ScheduleMethod::kGreedy});
    ASSERT_TRUE(g.has_value());
    expect_report_matches(*g, p, seed);
  }
}

TEST(ScheduleProperty, LocalSearchNeverWorseThanGreedy) {
  int strictly_better = 0;
  for (uint64_t seed = 1; seed <= kProblems; ++seed) {
    const ScheduleProblem p = random_problem(seed);
    auto g = generate(p, GenerateOptions{.method = ScheduleMethod::kGreedy});
    auto r = generate(p, GenerateOptions{.seed = seed, .max_iterations = 20000});
    ASSERT_TRUE(g.has_value() && r.has_value());
    EXPECT_EQ(r->greedy.objective, g->report.objective) << "seed " << seed;
    EXPECT_LE(r->report.objective, g->report.objective) << "seed " << seed;
    strictly_better += r->report.objective < g->report.objective - 1e-9;
  }
  // The search is worth having: it improves on the greedy schedule on most inputs.
  EXPECT_GE(strictly_better, kProblems * 3 / 4);
}

TEST(ScheduleProperty, SameSeedSameSchedule) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const ScheduleProblem p = random_problem(seed);
    auto a = generate(p, GenerateOptions{.seed = 7, .max_iterations = 20000});
    auto b = generate(p, GenerateOptions{.seed = 7, .max_iterations = 20000});
    ASSERT_TRUE(a.has_value() && b.has_value());
    ASSERT_EQ(a->schedule.shifts.size(), b->schedule.shifts.size());
    for (size_t i = 0; i < a->schedule.shifts.size(); ++i) {
      const Shift& x = a->schedule.shifts[i];
      const Shift& y = b->schedule.shifts[i];
      EXPECT_TRUE(x.agent == y.agent && x.day == y.day && x.start_min == y.start_min &&
                  x.length_min == y.length_min && x.skill == y.skill &&
                  x.template_index == y.template_index && x.breaks.size() == y.breaks.size());
    }
    EXPECT_EQ(a->report.objective, b->report.objective);
    EXPECT_EQ(a->iterations, 20000);
  }
}

TEST(ScheduleProperty, StopEndsTheSearch) {
  const ScheduleProblem p = random_problem(3);
  int calls = 0;
  auto r = generate(
      p, GenerateOptions{.max_iterations = 1'000'000, .stop = [&] { return ++calls > 2; }});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->iterations, 2 * 4096);
  EXPECT_TRUE(check(r->schedule, p).empty());
}

}  // namespace
}  // namespace switchyard::wfm
